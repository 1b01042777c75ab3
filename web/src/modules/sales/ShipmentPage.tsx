import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Flex, Progress, Result, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Shipment, ShipmentLine } from '../../../../contracts/sales.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { ShipmentStatusTag } from './SalesTags.tsx';
import { ScanPanel } from './ScanPanel.tsx';
import { DeliverPanel, ShipPanel } from './ShipmentPanels.tsx';
import { useShipment } from './sales.api.ts';
import { daysBetween, scanProgressByProduct } from './sales.rules.ts';

export function ShipmentPage() {
  const { id } = useParams();
  const shipmentId = Number(id);
  if (!Number.isInteger(shipmentId) || shipmentId <= 0) return <NotFoundPage />;
  return <ShipmentView shipmentId={shipmentId} />;
}

function ShipmentView({ shipmentId }: { shipmentId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const shipment = useShipment(shipmentId);
  const canShip = user.permissions.includes('shipments:write');

  const backLink = (
    <Link to="/shipments" data-testid="shipment-back">
      <ArrowLeftOutlined /> {t('sales.shipments.backToList')}
    </Link>
  );
  if (shipment.isLoading) return <Skeleton active />;
  if (!shipment.data) {
    return isApiError(shipment.error) && shipment.error.status === 404 ? (
      <Result status="404" title={t('sales.shipments.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={shipment.error} />
      </Flex>
    );
  }
  const data = shipment.data;
  const lateDays =
    data.shippedOn !== null
      ? Math.max(0, daysBetween(data.promisedDate, data.deliveredOn ?? data.shippedOn))
      : null;

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        size="small"
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="shipment-title">
              {data.number}
            </Typography.Title>
            <span data-testid="shipment-status">
              <ShipmentStatusTag status={data.status} />
            </span>
          </Flex>
        }
      >
        <Descriptions
          data-testid="shipment-descriptions"
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
          items={[
            {
              key: 'order',
              label: t('sales.fields.orderNumber'),
              children: (
                <Link to={`/orders/${data.orderId}`} data-testid="shipment-order-link">
                  {data.orderNumber}
                </Link>
              ),
            },
            { key: 'customer', label: t('sales.fields.customer'), children: data.customerName },
            {
              key: 'promised',
              label: t('sales.fields.promisedDate'),
              children: formatDate(data.promisedDate, lang),
            },
            {
              key: 'shippedOn',
              label: t('sales.fields.shippedOn'),
              children: data.shippedOn ? formatDate(data.shippedOn, lang) : EMPTY_VALUE,
            },
            {
              key: 'deliveredOn',
              label: t('sales.fields.deliveredOn'),
              children: data.deliveredOn ? formatDate(data.deliveredOn, lang) : EMPTY_VALUE,
            },
            {
              key: 'onTime',
              label: t('sales.fields.onTime'),
              children:
                lateDays === null ? (
                  EMPTY_VALUE
                ) : lateDays === 0 ? (
                  <Tag color="green" data-testid="shipment-on-time">
                    {t('sales.timeline.onTime')}
                  </Tag>
                ) : (
                  <Tag color="red" data-testid="shipment-on-time">
                    {t('sales.timeline.late', { count: lateDays })}
                  </Tag>
                ),
            },
          ]}
        />
      </Card>
      {data.status === 'picking' && canShip && <ScanPanel shipment={data} />}
      <ShipmentLines shipment={data} />
      {data.status === 'picking' && canShip && <ShipPanel shipment={data} />}
      {data.status === 'shipped' && canShip && <DeliverPanel shipment={data} />}
    </Flex>
  );
}

/** What the shipment holds: per product scanned against required, then lot by lot. */
function ShipmentLines({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const progress = scanProgressByProduct(shipment.lines);

  const columns: ColumnsType<ShipmentLine> = [
    {
      key: 'product',
      title: t('sales.fields.product'),
      width: 200,
      render: (_value, line) => (
        <Flex vertical>
          <Typography.Text strong>{line.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'en' ? line.productNameEn : line.productNameZh}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'lot', title: t('sales.fields.lot'), dataIndex: 'lotNumber', width: 110 },
    {
      key: 'expiry',
      title: t('sales.fields.expiryDate'),
      dataIndex: 'expiryDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    { key: 'warehouse', title: t('sales.fields.warehouse'), dataIndex: 'warehouseCode', width: 90 },
    {
      key: 'scanned',
      title: t('sales.fields.scannedOfRequired'),
      width: 150,
      render: (_value, line) => (
        <Flex
          vertical
          gap={0}
          data-testid={`shipment-line-${line.id}-progress`}
          data-scanned={line.scannedQuantity}
          data-required={line.quantity}
        >
          <span>
            {line.scannedQuantity} / {line.quantity}
          </span>
          <Progress
            percent={Math.round((line.scannedQuantity / Math.max(1, line.quantity)) * 100)}
            size="small"
            showInfo={false}
          />
        </Flex>
      ),
    },
    {
      key: 'serials',
      title: t('sales.fields.serials'),
      width: 160,
      render: (_value, line) =>
        line.isSerialTracked ? (
          line.serials.length > 0 ? (
            <Flex gap={4} wrap>
              {line.serials.map((serial) => (
                <Tag key={serial} style={{ marginInlineEnd: 0 }}>
                  {serial}
                </Tag>
              ))}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('sales.scan.serialNeeded')}</Typography.Text>
          )
        ) : (
          EMPTY_VALUE
        ),
    },
  ];

  return (
    <Card size="small" title={t('sales.shipments.lines')}>
      <Flex vertical gap={12}>
        <Flex gap={12} wrap data-testid="shipment-progress">
          {progress.map((entry) => (
            <Card
              key={entry.key}
              size="small"
              style={{ flex: '1 1 220px', minWidth: 0 }}
              data-testid={`shipment-progress-${entry.sku}`}
              data-scanned={entry.scanned}
              data-required={entry.required}
            >
              <Flex vertical gap={4}>
                <Typography.Text strong ellipsis>
                  {entry.sku}
                </Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                  {lang === 'en' ? entry.productNameEn : entry.productNameZh}
                </Typography.Text>
                <Progress
                  percent={Math.round((entry.scanned / Math.max(1, entry.required)) * 100)}
                  format={() => `${entry.scanned}/${entry.required}`}
                  status={entry.scanned === entry.required ? 'success' : 'active'}
                />
              </Flex>
            </Card>
          ))}
        </Flex>
        {shipment.lines.some((line) => line.gtin === null) && (
          <Alert type="warning" showIcon title={t('sales.scan.noGtinWarning')} />
        )}
        <Table<ShipmentLine>
          data-testid="shipment-lines"
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={columns}
          dataSource={shipment.lines}
        />
      </Flex>
    </Card>
  );
}
