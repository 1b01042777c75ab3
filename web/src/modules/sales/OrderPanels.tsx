import { Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../../../contracts/sales.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import type { TimelineEvent } from './sales.rules.ts';

/**
 * Credit is decided by the server when the order is confirmed (the credit module's hook). The
 * order records no decision, so a confirmed order passed (or was approved), a draft is unchecked.
 */
export function CreditState({ order }: { order: Order }) {
  const { t } = useTranslation();
  const approval = order.approvals.find((candidate) => candidate.kind === 'credit');
  if (approval) {
    return (
      <Tag color="green" data-testid="order-credit" data-status="approved">
        {t('sales.credit.approved', { name: approval.approvedByName })}
      </Tag>
    );
  }
  if (order.confirmedAt) {
    return (
      <Tag color="green" data-testid="order-credit" data-status="passed">
        {t('sales.credit.passed')}
      </Tag>
    );
  }
  return (
    <Tag data-testid="order-credit" data-status="not_checked">
      {t('sales.credit.notChecked')}
    </Tag>
  );
}

export function OrderTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const when = (at: string) => (at.length === 10 ? formatDate(at, lang) : formatDateTime(at, lang));
  const colours: Record<TimelineEvent['kind'], string> = {
    created: 'gray',
    confirmed: 'blue',
    shipment_created: 'purple',
    shipped: 'cyan',
    delivered: 'green',
    cancelled: 'red',
  };
  return (
    <div data-testid="order-timeline" style={{ marginTop: 8 }}>
      <Timeline
        items={events.map((event, index) => ({
          key: `${event.kind}-${index}`,
          color: colours[event.kind],
          content: (
            <Flex vertical gap={0} data-kind={event.kind}>
              <Typography.Text strong>
                {t(`sales.timeline.${event.kind}`)}
                {'shipmentNumber' in event ? ` · ${event.shipmentNumber}` : ''}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {when(event.at)}
                {'daysLate' in event && event.daysLate !== null
                  ? ` · ${event.daysLate > 0 ? t('sales.timeline.late', { count: event.daysLate }) : t('sales.timeline.onTime')}`
                  : ''}
                {'detail' in event && event.detail ? ` · ${event.detail}` : ''}
              </Typography.Text>
            </Flex>
          ),
        }))}
      />
    </div>
  );
}
