import { ArrowLeftOutlined, CheckOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Result,
  Skeleton,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { PurchaseOrder, ReceiptSummary } from '../../../../contracts/purchasing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime, formatMoney } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { PurchaseOrderStatusTag } from './PurchasingTags.tsx';
import {
  useCancelPurchaseOrder,
  useConfirmPurchaseOrder,
  usePurchaseOrder,
  useReceiptList,
} from './purchasing.api.ts';
import { canCancel, canReceive, openQuantity } from './purchasing.rules.ts';

type OrderLine = PurchaseOrder['lines'][number];

export function PurchaseOrderDetailPage() {
  const { id } = useParams();
  const orderId = Number(id);
  if (!Number.isInteger(orderId) || orderId <= 0) return <NotFoundPage />;
  return <PurchaseOrderDetail orderId={orderId} />;
}

function PurchaseOrderDetail({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const order = usePurchaseOrder(orderId);
  const receipts = useReceiptList({ purchaseOrderId: orderId, pageSize: 100 });
  const confirm = useConfirmPurchaseOrder();
  const [isCancelling, setCancelling] = useState(false);
  const canWrite = user.permissions.includes('purchasing:write');

  const backLink = (
    <Link to="/purchase-orders" data-testid="po-back">
      <ArrowLeftOutlined /> {t('purchasing.orders.backToList')}
    </Link>
  );

  if (order.isLoading) return <Skeleton active />;
  if (!order.data) {
    const isMissing = isApiError(order.error) && order.error.status === 404;
    return isMissing ? (
      <Result status="404" title={t('purchasing.orders.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={order.error} />
      </Flex>
    );
  }
  const data = order.data;
  const money = (minor: number) => formatAmount(minor, data.currency, lang);

  async function confirmOrder() {
    try {
      await confirm.mutateAsync({ id: data.id, version: data.version });
      void message.success(t('purchasing.orders.confirmed'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const lineColumns: ColumnsType<OrderLine> = [
    { key: 'lineNo', title: '#', dataIndex: 'lineNo', width: 48 },
    {
      key: 'product',
      title: t('purchasing.fields.product'),
      width: 240,
      render: (_value, line) => (
        <Flex vertical>
          <Typography.Text strong>{line.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {line.productName} · {line.modelSpec}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'gtin',
      title: 'GTIN',
      dataIndex: 'gtin',
      width: 150,
      render: (gtin: string | null) => gtin ?? EMPTY_VALUE,
    },
    {
      key: 'quantity',
      title: t('purchasing.fields.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      width: 80,
    },
    {
      key: 'received',
      title: t('purchasing.fields.received'),
      width: 170,
      render: (_value, line) => (
        <Flex vertical gap={0} data-testid={`po-line-received-${line.id}`}>
          <span>
            {line.receivedQuantity} / {line.quantity}
          </span>
          <Progress
            percent={Math.round((line.receivedQuantity / Math.max(line.quantity, 1)) * 100)}
            size="small"
            showInfo={false}
          />
        </Flex>
      ),
    },
    {
      key: 'open',
      title: t('purchasing.fields.open'),
      align: 'right',
      width: 80,
      render: (_value, line) => openQuantity(line),
    },
    {
      key: 'unitPrice',
      title: t('purchasing.fields.unitPrice'),
      dataIndex: 'unitPrice',
      align: 'right',
      width: 130,
      render: money,
    },
    {
      key: 'amount',
      title: t('purchasing.fields.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 140,
      render: money,
    },
  ];

  const receiptColumns: ColumnsType<ReceiptSummary> = [
    {
      key: 'number',
      title: t('purchasing.receipts.number'),
      dataIndex: 'number',
      render: (number: string, receipt) => <Link to={`/receipts/${receipt.id}`}>{number}</Link>,
    },
    {
      key: 'arrivalDate',
      title: t('purchasing.receipts.arrivalDate'),
      dataIndex: 'arrivalDate',
      render: (value: string) => formatDate(value, lang),
    },
    { key: 'warehouse', title: t('purchasing.fields.warehouse'), dataIndex: 'warehouseName' },
  ];

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="po-title">
              {data.number}
            </Typography.Title>
            <PurchaseOrderStatusTag status={data.status} />
          </Flex>
        }
        extra={
          canWrite && (
            <Flex gap={8} wrap justify="flex-end">
              {data.status === 'draft' && (
                <Popconfirm
                  title={t('purchasing.orders.confirmQuestion')}
                  okText={t('purchasing.orders.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={confirmOrder}
                >
                  <Button
                    type="primary"
                    icon={<CheckOutlined />}
                    loading={confirm.isPending}
                    data-testid="po-confirm"
                  >
                    {t('purchasing.orders.confirm')}
                  </Button>
                </Popconfirm>
              )}
              {canReceive(data.status) && (
                <Button
                  type="primary"
                  icon={<InboxOutlined />}
                  data-testid="po-receive"
                  onClick={() => void navigate(`/receipts/new?po=${data.id}`)}
                >
                  {t('purchasing.orders.receive')}
                </Button>
              )}
              {canCancel(data) && (
                <Button
                  danger
                  icon={<StopOutlined />}
                  data-testid="po-cancel"
                  onClick={() => setCancelling(true)}
                >
                  {isMobile ? null : t('purchasing.orders.cancel')}
                </Button>
              )}
            </Flex>
          )
        }
      >
        <Flex vertical gap={16}>
          <Descriptions
            data-testid="po-descriptions"
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
            items={[
              { key: 'supplier', label: t('purchasing.fields.supplier'), children: data.supplierName },
              { key: 'warehouse', label: t('purchasing.fields.warehouse'), children: data.warehouseName },
              {
                key: 'orderDate',
                label: t('purchasing.fields.orderDate'),
                children: formatDate(data.orderDate, lang),
              },
              {
                key: 'expectedDate',
                label: t('purchasing.fields.expectedDate'),
                children: data.expectedDate ? formatDate(data.expectedDate, lang) : EMPTY_VALUE,
              },
              { key: 'currency', label: t('purchasing.fields.currency'), children: data.currency },
              {
                key: 'exchangeRate',
                label: t('purchasing.fields.exchangeRate'),
                children: data.exchangeRate,
              },
              { key: 'total', label: t('purchasing.fields.total'), children: money(data.totalAmount) },
              {
                key: 'totalCny',
                label: t('purchasing.fields.totalCny'),
                children: formatMoney(data.totalCnyFen, lang),
              },
              {
                key: 'createdAt',
                label: t('purchasing.fields.createdAt'),
                children: formatDateTime(data.createdAt, lang),
              },
              {
                key: 'note',
                label: t('purchasing.fields.note'),
                children: data.note ?? EMPTY_VALUE,
                span: 'filled',
              },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('purchasing.orders.lines')}
          </Typography.Title>
          <Table<OrderLine>
            data-testid="po-lines"
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={lineColumns}
            dataSource={data.lines}
          />
        </Flex>
      </Card>
      <Card title={t('purchasing.receipts.title')} size="small">
        <ErrorAlert error={receipts.error} />
        <Table<ReceiptSummary>
          data-testid="po-receipts"
          rowKey="id"
          size="small"
          pagination={false}
          loading={receipts.isFetching}
          columns={receiptColumns}
          dataSource={receipts.data?.items ?? []}
          locale={{ emptyText: t('purchasing.orders.noReceipts') }}
        />
      </Card>
      {isCancelling && <CancelOrderModal order={data} onClose={() => setCancelling(false)} />}
    </Flex>
  );
}

function CancelOrderModal({ order, onClose }: { order: PurchaseOrder; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelPurchaseOrder();
  const [form] = Form.useForm<{ reason: string }>();

  async function submit({ reason }: { reason: string }) {
    try {
      await cancel.mutateAsync({ id: order.id, body: { version: order.version, reason: reason.trim() } });
      void message.success(t('purchasing.orders.cancelled'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('purchasing.orders.cancelTitle', { number: order.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          loading={cancel.isPending}
          data-testid="po-cancel-confirm"
          onClick={() => form.submit()}
        >
          {t('purchasing.orders.cancel')}
        </Button>,
      ]}
    >
      <SaveErrorAlert error={cancel.error} onReload={onClose} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: '' }}>
        <Form.Item
          name="reason"
          label={t('purchasing.fields.reason')}
          rules={[
            { required: true, whitespace: true, message: t('purchasing.validation.reasonRequired') },
            { min: 2, max: 500, message: t('purchasing.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="po-cancel-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
