import { Alert, Flex, Tag, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { formatMoney } from '../../shared/format.ts';
import { isVersionConflict } from '../../shared/formErrors.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { type ConfirmationProblem, readConfirmationProblems } from './sales.rules.ts';

export interface ConfirmationProblemsProps {
  error: unknown;
  testId: string;
  /** Offered under the problems, e.g. "save as draft" or "accept a partial allocation". */
  actions?: ReactNode;
  style?: CSSProperties;
}

/**
 * Why the server refused to save or confirm an order, one reason per row: compliance findings,
 * lines below our floor (needing a manager's approval), stock too short, credit.
 */
export function ConfirmationProblems({ error, testId, actions, style }: ConfirmationProblemsProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!error) return null;
  const problems = readConfirmationProblems(error);
  const code = isApiError(error) ? error.code : undefined;
  const isOther = problems.length === 0 || problems.every((problem) => problem.kind === 'other');

  const row = (problem: ConfirmationProblem, index: number) => {
    switch (problem.kind) {
      case 'compliance':
        return (
          <li key={index} data-kind="compliance">
            {problem.sku ? (
              <Typography.Text strong>
                {problem.sku}
                {lang === 'en' ? ': ' : '：'}
              </Typography.Text>
            ) : null}
            {problem.message} <Tag style={{ marginInlineStart: 4 }}>{problem.code}</Tag>
          </li>
        );
      case 'price_below_floor':
        return (
          <li key={index} data-kind="price_below_floor">
            {t('sales.problems.belowFloorLine', { line: problem.lineNo ?? '?', sku: problem.sku })}
            {problem.floorPriceFen !== null && problem.quantity !== null && problem.netCnyFen !== null
              ? ` ${t('sales.problems.belowFloorAmounts', {
                  net: formatMoney(problem.netCnyFen, lang),
                  floor: formatMoney(problem.floorPriceFen * problem.quantity, lang),
                })}`
              : null}
          </li>
        );
      case 'insufficient_stock':
        return (
          <li key={index} data-kind="insufficient_stock">
            {t('sales.problems.stockLine', {
              line: problem.lineNo ?? '?',
              sku: problem.sku,
              quantity: problem.requested ?? '?',
            })}
          </li>
        );
      case 'credit_rejected':
      case 'approval_required':
      case 'other':
        return (
          <li key={index} data-kind={problem.kind}>
            {problem.message}
          </li>
        );
    }
  };

  const hint = problems.some((problem) => problem.kind === 'price_below_floor')
    ? t('sales.problems.belowFloorHint')
    : problems.some((problem) => problem.kind === 'insufficient_stock')
      ? t('sales.problems.stockHint')
      : problems.some((problem) => problem.kind === 'compliance')
        ? t('sales.problems.complianceHint')
        : problems.some((problem) => problem.kind === 'approval_required')
          ? t('sales.problems.approvalHint')
          : isVersionConflict(error)
            ? t('common.versionConflictHint')
            : null;

  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      data-code={code}
      style={style}
      title={isOther ? describeError(error, t) : t(`sales.problems.title`)}
      description={
        <Flex vertical gap={8}>
          {!isOther && (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid={`${testId}-list`}>
              {problems.map(row)}
            </ul>
          )}
          {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
          {actions}
        </Flex>
      }
    />
  );
}
