import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, ErrorAlert } from './ErrorAlert.tsx';
import { isVersionConflict } from './formErrors.ts';

export interface SaveErrorAlertProps {
  error: unknown;
  /** Loads the record as it is now and puts it back in the form. */
  onReload: () => void;
  isReloading?: boolean;
  testId?: string;
  style?: CSSProperties;
}

/**
 * The error of a save. A version conflict (someone else saved first) gets a way out: reload
 * the current record, since saving the same stale version again can never succeed.
 */
export function SaveErrorAlert({ error, onReload, isReloading = false, testId, style }: SaveErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  if (!isVersionConflict(error)) return <ErrorAlert error={error} testId={testId} style={style} />;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid={testId}
      data-code="VERSION_CONFLICT"
      style={style}
      title={describeError(error, t)}
      description={t('common.versionConflictHint')}
      action={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          loading={isReloading}
          onClick={onReload}
          data-testid={testId ? `${testId}-reload` : undefined}
        >
          {t('common.reload')}
        </Button>
      }
    />
  );
}
