import { CheckCircleFilled, StopFilled } from '@ant-design/icons';
import { Skeleton, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useComplianceCheck, useProductStock } from './sales.api.ts';
import { assessShelfLife, stockVerdict } from './sales.rules.ts';

/** Available stock, and how much of it has the shelf life this customer needs on the promised date. */
export function LineStock({
  testId,
  productId,
  quantity,
  promisedDate,
  customerMinimumDays,
  unit,
}: {
  testId: string;
  productId: number;
  quantity: number;
  promisedDate: string;
  customerMinimumDays: number;
  unit: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const stock = useProductStock(productId, true);
  if (stock.isLoading) return <Skeleton.Button active size="small" />;
  if (stock.error) {
    return (
      <Tag color="default" data-testid={testId}>
        {isApiError(stock.error) && stock.error.status === 403
          ? t('sales.entry.stockHidden')
          : describeError(stock.error, t)}
      </Tag>
    );
  }
  const fitness = assessShelfLife(stock.data?.items ?? [], promisedDate, customerMinimumDays);
  const verdict = stockVerdict(fitness, quantity);
  const colour = verdict === 'enough' ? 'green' : verdict === 'partial' ? 'gold' : 'red';
  return (
    <Tooltip
      title={
        fitness.tooShort > 0
          ? t('sales.entry.stockTooShort', { count: fitness.tooShort, days: fitness.requiredDays })
          : fitness.firstFitExpiry
            ? t('sales.entry.stockFirstExpiry', { date: formatDate(fitness.firstFitExpiry, lang) })
            : undefined
      }
    >
      <Tag color={colour} data-testid={testId} data-verdict={verdict} style={{ marginInlineEnd: 0 }}>
        {t('sales.entry.stock', {
          available: fitness.available,
          fit: fitness.fit,
          unit,
          count: fitness.requiredDays,
          date: formatDate(promisedDate, lang),
        })}
      </Tag>
    </Tooltip>
  );
}

export function LineCompliance({
  testId,
  customerId,
  productId,
  date,
}: {
  testId: string;
  customerId: number;
  productId: number;
  date: string;
}) {
  const { t } = useTranslation();
  const check = useComplianceCheck(customerId, productId, date, true);
  if (check.isLoading) return <Skeleton.Button active size="small" />;
  if (!check.data) {
    return (
      <Tag data-testid={testId} data-allowed="unknown">
        {check.error ? describeError(check.error, t) : EMPTY_VALUE}
      </Tag>
    );
  }
  if (check.data.allowed) {
    return (
      <Tag
        color="green"
        icon={<CheckCircleFilled />}
        data-testid={testId}
        data-allowed="true"
        style={{ marginInlineEnd: 0 }}
      >
        {t('sales.entry.complianceOk')}
      </Tag>
    );
  }
  return (
    <Tooltip title={check.data.reasons.map((reason) => reason.message).join('；')}>
      <Tag
        color="red"
        icon={<StopFilled />}
        data-testid={testId}
        data-allowed="false"
        style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
      >
        {t('sales.entry.complianceBlocked')}: {check.data.reasons.map((reason) => reason.message).join('；')}
      </Tag>
    </Tooltip>
  );
}
