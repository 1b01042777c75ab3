import {
  ArrowLeftOutlined,
  CheckOutlined,
  EditOutlined,
  PrinterOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  StopOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Result, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { OrderAllocation, OrderLine } from '../../../../contracts/sales.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import {
  businessToday,
  EMPTY_VALUE,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercent,
} from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { ExpiryTag } from '../inventory/index.ts';
import { ApproveOrderModal, CancelOrderModal, ConfirmOrderModal } from './OrderDialogs.tsx';
import { CreditState, OrderTimeline } from './OrderPanels.tsx';
import { OrderStatusTag, PriceSourceTag, ShipmentStatusTag } from './SalesTags.tsx';
import { useAllocateBackorder, useCreateShipment, useOrder, useShipmentList } from './sales.api.ts';
import {
  buildOrderTimeline,
  daysBetween,
  isOrderActionAllowed,
  type ShipmentSummary,
  unitsWaitingForShipment,
} from './sales.rules.ts';

export function OrderDetailPage() {
  const { id } = useParams();
  const orderId = Number(id);
  if (!Number.isInteger(orderId) || orderId <= 0) return <NotFoundPage />;
  return <OrderDetail orderId={orderId} />;
}

function OrderDetail({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const order = useOrder(orderId);
  const shipments = useShipmentList({ orderId, pageSize: 100, sort: 'createdAt' });
  const allocate = useAllocateBackorder();
  const createShipment = useCreateShipment();
  const shipmentKeyOf = useIdempotencyKey();
  const [dialog, setDialog] = useState<'confirm' | 'cancel' | 'approve' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const backLink = (
    <Link to="/orders" data-testid="order-back">
      <ArrowLeftOutlined /> {t('sales.orders.backToList')}
    </Link>
  );
  if (order.isLoading) return <Skeleton active />;
  if (!order.data) {
    const isMissing = isApiError(order.error) && order.error.status === 404;
    return isMissing ? (
      <Result status="404" title={t('sales.orders.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={order.error} />
      </Flex>
    );
  }
  const data = order.data;
  const money = (minor: number) => formatAmount(minor, data.currency, lang);
  const canWrite = user.permissions.includes('orders:write');
  const canShip = user.permissions.includes('shipments:write');
  const canApprove = user.permissions.includes('orders:approve') && data.createdBy !== user.id;
  const waiting = unitsWaitingForShipment(data);
  const hasReserved = data.allocations.some((allocation) => allocation.status === 'reserved');
  const shipmentRows = shipments.data?.items ?? [];

  async function allocateBackorder() {
    setActionError(null);
    try {
      await allocate.mutateAsync({ id: data.id, version: data.version });
      void message.success(t('sales.orders.allocated'));
    } catch (error) {
      setActionError(error);
    }
  }

  async function startShipment() {
    setActionError(null);
    try {
      const shipment = await createShipment.mutateAsync({
        orderId: data.id,
        key: shipmentKeyOf({ orderId: data.id, version: data.version }),
      });
      void message.success(t('sales.shipments.created', { number: shipment.number }));
      void navigate(`/shipments/${shipment.id}`);
    } catch (error) {
      setActionError(error);
    }
  }

  const lineColumns: ColumnsType<OrderLine> = [
    { key: 'lineNo', title: '#', dataIndex: 'lineNo', width: 44 },
    {
      key: 'product',
      title: t('sales.fields.product'),
      width: 220,
      render: (_value, line) => (
        <Flex vertical>
          <Typography.Text strong>{line.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {lang === 'en' ? line.productNameEn : line.productNameZh}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'quantity', title: t('sales.fields.quantity'), dataIndex: 'quantity', align: 'right', width: 70 },
    {
      key: 'unitPrice',
      title: t('sales.fields.unitPrice'),
      width: 150,
      align: 'right',
      render: (_value, line) => (
        <Flex vertical align="flex-end" gap={2}>
          <span>{money(line.unitPrice)}</span>
          <PriceSourceTag source={line.priceSource} />
        </Flex>
      ),
    },
    {
      key: 'discount',
      title: t('sales.fields.discount'),
      dataIndex: 'discountRate',
      width: 80,
      align: 'right',
      render: (rate: number) => (rate ? formatPercent(rate, lang, 2) : EMPTY_VALUE),
    },
    {
      key: 'net',
      title: t('sales.fields.net'),
      dataIndex: 'netAmount',
      width: 120,
      align: 'right',
      render: money,
    },
    {
      key: 'tax',
      title: t('sales.fields.vat'),
      width: 120,
      align: 'right',
      render: (_value, line) => (
        <Flex vertical align="flex-end" gap={0}>
          <span>{money(line.taxAmount)}</span>
          <span style={{ fontSize: 12, opacity: 0.65 }}>{formatPercent(line.vatRate, lang, 0)}</span>
        </Flex>
      ),
    },
    {
      key: 'gross',
      title: t('sales.fields.gross'),
      dataIndex: 'grossAmount',
      width: 130,
      align: 'right',
      render: money,
    },
    {
      key: 'allocated',
      title: t('sales.fields.allocated'),
      dataIndex: 'allocatedQuantity',
      width: 80,
      align: 'right',
    },
    {
      key: 'backordered',
      title: t('sales.fields.backordered'),
      dataIndex: 'backorderedQuantity',
      width: 80,
      align: 'right',
      render: (value: number) => (value > 0 ? <Tag color="gold">{value}</Tag> : value),
    },
    {
      key: 'shipped',
      title: t('sales.fields.shipped'),
      dataIndex: 'shippedQuantity',
      width: 80,
      align: 'right',
    },
  ];
  if (user.distributorId === null) {
    lineColumns.push({
      key: 'floor',
      title: t('sales.fields.floorPrice'),
      dataIndex: 'floorPriceFen',
      width: 110,
      align: 'right',
      render: (value: number | null) => (value === null ? EMPTY_VALUE : formatMoney(value, lang)),
    });
  }

  const skuOfLine = new Map(data.lines.map((line) => [line.id, line.sku]));
  const today = businessToday();
  const allocationColumns: ColumnsType<OrderAllocation> = [
    {
      key: 'sku',
      title: t('sales.fields.product'),
      width: 140,
      render: (_value, allocation) => skuOfLine.get(allocation.orderLineId) ?? allocation.productId,
    },
    { key: 'lot', title: t('sales.fields.lot'), dataIndex: 'lotNumber', width: 120 },
    {
      key: 'expiry',
      title: t('sales.fields.expiryDate'),
      width: 200,
      render: (_value, allocation) => (
        <Flex gap={6} wrap align="center">
          <span>{formatDate(allocation.expiryDate, lang)}</span>
          <ExpiryTag daysToExpiry={daysBetween(today, allocation.expiryDate)} />
        </Flex>
      ),
    },
    { key: 'warehouse', title: t('sales.fields.warehouse'), dataIndex: 'warehouseCode', width: 100 },
    { key: 'quantity', title: t('sales.fields.quantity'), dataIndex: 'quantity', width: 70, align: 'right' },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: OrderAllocation['status']) => (
        <Tag color={status === 'reserved' ? 'blue' : status === 'shipped' ? 'green' : 'default'}>
          {t(`sales.allocationStatuses.${status}`)}
        </Tag>
      ),
    },
    {
      key: 'shipment',
      title: t('sales.fields.shipment'),
      width: 150,
      render: (_value, allocation) => {
        const shipment = shipmentRows.find((row) => row.id === allocation.shipmentId);
        if (allocation.shipmentId === null) return EMPTY_VALUE;
        return (
          <Link to={`/shipments/${allocation.shipmentId}`}>
            {shipment?.number ?? `#${allocation.shipmentId}`}
          </Link>
        );
      },
    },
  ];

  const shipmentColumns: ColumnsType<ShipmentSummary> = [
    {
      key: 'number',
      title: t('sales.fields.shipmentNumber'),
      dataIndex: 'number',
      render: (number: string, shipment) => (
        <Link to={`/shipments/${shipment.id}`} data-testid={`order-shipment-link-${shipment.id}`}>
          {number}
        </Link>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'status',
      render: (status: ShipmentSummary['status']) => <ShipmentStatusTag status={status} />,
    },
    {
      key: 'scanned',
      title: t('sales.fields.scanned'),
      render: (_value, shipment) => `${shipment.scannedQuantity} / ${shipment.quantity}`,
    },
    {
      key: 'shippedOn',
      title: t('sales.fields.shippedOn'),
      dataIndex: 'shippedOn',
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
    {
      key: 'deliveredOn',
      title: t('sales.fields.deliveredOn'),
      dataIndex: 'deliveredOn',
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
  ];

  const actions = (
    <Flex gap={8} wrap justify="flex-end">
      {canWrite && isOrderActionAllowed(data.status, 'edit') && (
        <Button
          icon={<EditOutlined />}
          data-testid="order-edit"
          onClick={() => void navigate(`/orders/${data.id}/edit`)}
        >
          {t('common.edit')}
        </Button>
      )}
      {canApprove && isOrderActionAllowed(data.status, 'approve') && (
        <Button
          icon={<SafetyCertificateOutlined />}
          data-testid="order-approve"
          onClick={() => setDialog('approve')}
        >
          {t('sales.orders.approve')}
        </Button>
      )}
      {canWrite && isOrderActionAllowed(data.status, 'confirm') && (
        <Button
          type="primary"
          icon={<CheckOutlined />}
          data-testid="order-confirm"
          onClick={() => setDialog('confirm')}
        >
          {t('sales.orders.confirm')}
        </Button>
      )}
      {canWrite && isOrderActionAllowed(data.status, 'allocate') && (
        <Button
          icon={<SyncOutlined />}
          data-testid="order-allocate"
          loading={allocate.isPending}
          onClick={() => void allocateBackorder()}
        >
          {t('sales.orders.allocateBackorder')}
        </Button>
      )}
      {hasReserved && (
        <Button
          icon={<PrinterOutlined />}
          data-testid="order-pick-list"
          onClick={() => void navigate(`/orders/${data.id}/pick-list`)}
        >
          {t('sales.orders.pickList')}
        </Button>
      )}
      {canShip && isOrderActionAllowed(data.status, 'ship') && waiting > 0 && (
        <Button
          type="primary"
          icon={<SendOutlined />}
          data-testid="order-create-shipment"
          loading={createShipment.isPending}
          onClick={() => void startShipment()}
        >
          {t('sales.orders.createShipment', { count: waiting })}
        </Button>
      )}
      {canWrite && isOrderActionAllowed(data.status, 'cancel') && (
        <Button danger icon={<StopOutlined />} data-testid="order-cancel" onClick={() => setDialog('cancel')}>
          {t('sales.orders.cancel')}
        </Button>
      )}
    </Flex>
  );

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="order-title">
              {data.number}
            </Typography.Title>
            <span data-testid="order-status">
              <OrderStatusTag status={data.status} />
            </span>
          </Flex>
        }
        extra={isMobile ? null : actions}
      >
        <Flex vertical gap={16}>
          {isMobile && actions}
          {actionError ? <ErrorAlert error={actionError} testId="order-action-error" /> : null}
          <Descriptions
            data-testid="order-descriptions"
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
            items={[
              { key: 'customer', label: t('sales.fields.customer'), children: data.customerName },
              {
                key: 'orderDate',
                label: t('sales.fields.orderDate'),
                children: formatDate(data.orderDate, lang),
              },
              {
                key: 'promisedDate',
                label: t('sales.fields.promisedDate'),
                children: formatDate(data.promisedDate, lang),
              },
              {
                key: 'currency',
                label: t('sales.fields.currency'),
                children: data.currency === 'CNY' ? 'CNY' : `${data.currency} · ${data.exchangeRate}`,
              },
              {
                key: 'acceptPartial',
                label: t('sales.fields.acceptPartial'),
                children: data.acceptPartial ? t('common.yes') : t('common.no'),
              },
              {
                key: 'net',
                label: t('sales.fields.net'),
                children: <span data-testid="order-net">{money(data.netAmount)}</span>,
              },
              {
                key: 'tax',
                label: t('sales.fields.vat'),
                children: <span data-testid="order-tax">{money(data.taxAmount)}</span>,
              },
              {
                key: 'gross',
                label: t('sales.fields.gross'),
                children: (
                  <Typography.Text strong data-testid="order-gross">
                    {money(data.grossAmount)}
                  </Typography.Text>
                ),
              },
              ...(data.currency !== 'CNY'
                ? [
                    {
                      key: 'grossCny',
                      label: t('sales.fields.grossCny'),
                      children: formatMoney(data.grossCnyFen, lang),
                    },
                  ]
                : []),
              {
                key: 'credit',
                label: t('sales.fields.credit'),
                children: <CreditState order={data} />,
              },
              {
                key: 'compliance',
                label: t('sales.fields.compliance'),
                children: data.confirmedAt ? (
                  <Tag color="green">{t('sales.orders.compliancePassed')}</Tag>
                ) : (
                  <Tag>{t('sales.orders.checkedAtConfirmation')}</Tag>
                ),
              },
              {
                key: 'note',
                label: t('sales.fields.note'),
                children: data.note ?? EMPTY_VALUE,
                span: 'filled',
              },
              ...(data.cancelReason
                ? [
                    {
                      key: 'cancelReason',
                      label: t('sales.fields.cancelReason'),
                      children: data.cancelReason,
                      span: 'filled' as const,
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('sales.orders.lines')}
          </Typography.Title>
          <Table<OrderLine>
            data-testid="order-lines"
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={lineColumns}
            dataSource={data.lines}
          />
        </Flex>
      </Card>

      <Card title={t('sales.orders.allocations')} size="small">
        <Table<OrderAllocation>
          data-testid="order-allocations"
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={allocationColumns}
          dataSource={data.allocations}
          locale={{ emptyText: t('sales.orders.noAllocations') }}
        />
      </Card>

      <Flex gap={16} wrap align="flex-start">
        <Card title={t('sales.orders.shipments')} size="small" style={{ flex: '2 1 420px', minWidth: 0 }}>
          <ErrorAlert error={shipments.error} />
          <Table<ShipmentSummary>
            data-testid="order-shipments"
            rowKey="id"
            size="small"
            pagination={false}
            loading={shipments.isFetching}
            scroll={{ x: 'max-content' }}
            columns={shipmentColumns}
            dataSource={shipmentRows}
            locale={{ emptyText: t('sales.orders.noShipments') }}
          />
        </Card>
        <Card title={t('sales.orders.timeline')} size="small" style={{ flex: '1 1 280px', minWidth: 0 }}>
          <OrderTimeline events={buildOrderTimeline(data, shipmentRows)} />
          {data.approvals.length > 0 && (
            <Flex vertical gap={4} data-testid="order-approvals">
              <Typography.Text strong>{t('sales.orders.approvals')}</Typography.Text>
              {data.approvals.map((approval) => (
                <Typography.Text key={`${approval.kind}-${approval.createdAt}`}>
                  {t(`sales.approvalKinds.${approval.kind}`)} · {approval.approvedByName} ·{' '}
                  {formatDateTime(approval.createdAt, lang)} · {approval.reason}
                </Typography.Text>
              ))}
            </Flex>
          )}
        </Card>
      </Flex>

      {dialog === 'confirm' && <ConfirmOrderModal order={data} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelOrderModal order={data} onClose={() => setDialog(null)} />}
      {dialog === 'approve' && <ApproveOrderModal order={data} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
