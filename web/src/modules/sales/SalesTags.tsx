import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PriceSource } from '../../../../contracts/pricing.ts';
import type { OrderStatus, quoteStatuses, shipmentStatuses } from '../../../../contracts/sales.ts';

type ShipmentStatus = (typeof shipmentStatuses)[number];
type QuoteStatus = (typeof quoteStatuses)[number];

const orderColours: Record<OrderStatus, string> = {
  draft: 'default',
  allocated: 'blue',
  backordered: 'gold',
  picking: 'purple',
  shipped: 'cyan',
  delivered: 'green',
  cancelled: 'red',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={orderColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`sales.orderStatuses.${status}`)}
    </Tag>
  );
}

const shipmentColours: Record<ShipmentStatus, string> = {
  picking: 'purple',
  shipped: 'cyan',
  delivered: 'green',
  cancelled: 'red',
};

export function ShipmentStatusTag({ status }: { status: ShipmentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={shipmentColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`sales.shipmentStatuses.${status}`)}
    </Tag>
  );
}

const quoteColours: Record<QuoteStatus, string> = { open: 'blue', converted: 'green', cancelled: 'red' };

export function QuoteStatusTag({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={quoteColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`sales.quoteStatuses.${status}`)}
    </Tag>
  );
}

const sourceColours: Record<PriceSource, string> = {
  contract: 'purple',
  promotion: 'magenta',
  customer_price_list: 'geekblue',
  channel_price_list: 'blue',
  list_price: 'default',
  manual: 'orange',
};

/** Where a unit price came from (DOMAIN §10 order). */
export function PriceSourceTag({ source, testId }: { source: PriceSource; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={sourceColours[source]}
      style={{ marginInlineEnd: 0 }}
      data-source={source}
      data-testid={testId}
    >
      {t(`sales.priceSources.${source}`)}
    </Tag>
  );
}
