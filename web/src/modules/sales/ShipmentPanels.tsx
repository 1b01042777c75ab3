import { CarOutlined, HomeOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shipment } from '../../../../contracts/sales.ts';
import { businessToday, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { salesKeys, useDeliverShipment, useShipShipment } from './sales.api.ts';
import { daysBetween, unitsLeftToScan } from './sales.rules.ts';

/** After a version conflict: fetch the shipment as it is now and clear the old error. */
function useReloadShipment(id: number, reset: () => void) {
  const queryClient = useQueryClient();
  return () => {
    reset();
    void queryClient.invalidateQueries({ queryKey: salesKeys.shipment(id) });
  };
}

export function ShipPanel({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const ship = useShipShipment();
  const reload = useReloadShipment(shipment.id, ship.reset);
  const today = businessToday();
  const [shipDate, setShipDate] = useState(today);
  const left = unitsLeftToScan(shipment);

  async function submit() {
    try {
      const shipped = await ship.mutateAsync({
        id: shipment.id,
        body: { version: shipment.version, shipDate },
      });
      void message.success(t('sales.shipments.shipped', { number: shipped.number }));
    } catch {
      // Shown below.
    }
  }

  return (
    <Card size="small" title={t('sales.shipments.confirmTitle')}>
      <Flex vertical gap={12}>
        <SaveErrorAlert error={ship.error} onReload={reload} testId="shipment-ship-error" />
        <Flex gap={12} wrap align="flex-end" justify="space-between">
          <Flex vertical gap={4}>
            <Typography.Text>{t('sales.fields.shipDate')}</Typography.Text>
            <DatePicker
              data-testid="shipment-ship-date"
              value={dayjs(shipDate)}
              allowClear={false}
              disabledDate={(day) => day.isAfter(dayjs(today), 'day')}
              onChange={(value) => value && setShipDate(value.format('YYYY-MM-DD'))}
            />
          </Flex>
          <Flex
            vertical
            gap={4}
            align={isMobile ? 'stretch' : 'flex-end'}
            style={isMobile ? { width: '100%' } : undefined}
          >
            {left > 0 && (
              <Typography.Text type="warning" data-testid="shipment-ship-blocked">
                {t('sales.shipments.scanFirst', { count: left })}
              </Typography.Text>
            )}
            <Button
              type="primary"
              size="large"
              icon={<CarOutlined />}
              data-testid="shipment-ship"
              disabled={left > 0}
              loading={ship.isPending}
              onClick={() => void submit()}
              block={isMobile}
            >
              {t('sales.shipments.confirmShipment')}
            </Button>
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}

/** The customer received it: the actual date against the promised one. */
export function DeliverPanel({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const deliver = useDeliverShipment();
  const reload = useReloadShipment(shipment.id, deliver.reset);
  const today = businessToday();
  const [deliveredOn, setDeliveredOn] = useState(today);
  const late = Math.max(0, daysBetween(shipment.promisedDate, deliveredOn));

  async function submit() {
    try {
      await deliver.mutateAsync({ id: shipment.id, body: { version: shipment.version, deliveredOn } });
      void message.success(t('sales.shipments.delivered'));
    } catch {
      // Shown below.
    }
  }

  return (
    <Card size="small" title={t('sales.shipments.deliveryTitle')}>
      <Flex vertical gap={12}>
        <SaveErrorAlert error={deliver.error} onReload={reload} testId="shipment-deliver-error" />
        <Flex gap={12} wrap align="flex-end" justify="space-between">
          <Flex vertical gap={4}>
            <Typography.Text>{t('sales.fields.deliveredOn')}</Typography.Text>
            <DatePicker
              data-testid="shipment-delivered-on"
              value={dayjs(deliveredOn)}
              allowClear={false}
              disabledDate={(day) =>
                day.isAfter(dayjs(today), 'day') ||
                (shipment.shippedOn !== null && day.isBefore(dayjs(shipment.shippedOn), 'day'))
              }
              onChange={(value) => value && setDeliveredOn(value.format('YYYY-MM-DD'))}
            />
          </Flex>
          <Typography.Text data-testid="shipment-delivery-vs-promise">
            {t('sales.shipments.promisedVsActual', {
              promised: formatDate(shipment.promisedDate, lang),
              actual: formatDate(deliveredOn, lang),
            })}{' '}
            {late > 0 ? (
              <Tag color="red">{t('sales.timeline.late', { count: late })}</Tag>
            ) : (
              <Tag color="green">{t('sales.timeline.onTime')}</Tag>
            )}
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            icon={<HomeOutlined />}
            data-testid="shipment-deliver"
            loading={deliver.isPending}
            onClick={() => void submit()}
            block={isMobile}
          >
            {t('sales.shipments.confirmDelivery')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
