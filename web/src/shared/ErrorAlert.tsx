import { Alert } from 'antd';
import type { TFunction } from 'i18next';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api.ts';

/** The server's message (already in the user's language) or, when there is none, ours. */
export function describeError(error: unknown, t: TFunction): string {
  if (isApiError(error)) {
    if (error.message) return error.message;
    if (error.status === 0) return t('errors.network');
    return t('errors.http', { status: error.status });
  }
  return t('errors.unexpected');
}

export interface ErrorAlertProps {
  error: unknown;
  testId?: string;
  style?: CSSProperties;
}

export function ErrorAlert({ error, testId, style }: ErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  return <Alert type="error" showIcon title={describeError(error, t)} data-testid={testId} style={style} />;
}
