import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PurchaseOrderSummary } from '../../../../contracts/purchasing.ts';
import type { InspectionResult } from './purchasing.rules.ts';

type OrderStatus = PurchaseOrderSummary['status'];

const orderColours: Record<OrderStatus, string> = {
  draft: 'default',
  confirmed: 'blue',
  partially_received: 'gold',
  received: 'green',
  cancelled: 'default',
};

export function PurchaseOrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={orderColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`purchasing.orderStatuses.${status}`)}
    </Tag>
  );
}

const resultColours: Record<InspectionResult, string> = {
  accepted: 'green',
  partially_accepted: 'gold',
  rejected: 'red',
};

export function InspectionResultTag({ result }: { result: InspectionResult }) {
  const { t } = useTranslation();
  return (
    <Tag color={resultColours[result]} style={{ marginInlineEnd: 0 }}>
      {t(`purchasing.inspectionResults.${result}`)}
    </Tag>
  );
}
