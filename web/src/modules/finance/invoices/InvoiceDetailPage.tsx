import {
  ArrowLeftOutlined,
  EditOutlined,
  FileExcelOutlined,
  MinusCircleOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Result, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Invoice, Journal } from '../../../../../contracts/finance.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { NotFoundPage } from '../../../app/status.tsx';
import { isApiError } from '../../../shared/api.ts';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import {
  businessToday,
  EMPTY_VALUE,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercent,
} from '../../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { InvoiceStatusTag, WriteOffStatusTag } from '../FinanceTags.tsx';
import { useInvoice, useJournals } from '../finance.api.ts';
import { canCancelInvoice, canCreditInvoice, canRequestWriteOff, daysPastDue } from '../finance.rules.ts';
import {
  CancelInvoiceModal,
  CreditNoteModal,
  VatNumberModal,
  WriteOffRequestModal,
} from './InvoiceActions.tsx';

type Dialog = 'none' | 'vat' | 'credit' | 'writeOff' | 'cancel';
type InvoiceLine = Invoice['lines'][number];

export function InvoiceDetailPage() {
  const { id } = useParams();
  const invoiceId = Number(id);
  if (!Number.isInteger(invoiceId) || invoiceId <= 0) return <NotFoundPage />;
  return <InvoiceDetail invoiceId={invoiceId} />;
}

function InvoiceDetail({ invoiceId }: { invoiceId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const invoice = useInvoice(invoiceId);
  const [dialog, setDialog] = useState<Dialog>('none');
  const canWrite = user.permissions.includes('finance:write');
  // The ledger has no filter by document, so the customer's journals since the invoice date are
  // narrowed to those of this invoice and of the payments, credit notes and write-offs applied to it.
  const journals = useJournals(
    { customerId: invoice.data?.customerId, from: invoice.data?.invoiceDate, pageSize: 500 },
    invoice.data !== undefined,
  );

  const backLink = (
    <Link to="/invoices" data-testid="invoice-back">
      <ArrowLeftOutlined /> {t('finance.invoices.backToList')}
    </Link>
  );

  if (invoice.isLoading) return <Skeleton active />;
  if (!invoice.data) {
    const isMissing = isApiError(invoice.error) && invoice.error.status === 404;
    return isMissing ? (
      <Result status="404" title={t('finance.invoices.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={invoice.error} />
      </Flex>
    );
  }
  const data = invoice.data;
  const money = (minor: number) => formatAmount(minor, data.currency, lang);
  const relatedNumbers = new Set([
    data.number,
    ...data.allocations.map((allocation) => allocation.sourceNumber),
    ...data.creditNotes.map((note) => note.number),
    ...data.writeOffs.map((writeOff) => writeOff.number),
  ]);
  const invoiceJournals = (journals.data?.items ?? []).filter(
    (journal) =>
      // A payment's own journal books it as customer credit; its allocation journal is the one about this invoice.
      (journal.sourceType !== 'payment' &&
        journal.documentNumber !== null &&
        relatedNumbers.has(journal.documentNumber)) ||
      ((journal.sourceType === 'invoice' || journal.sourceType === 'invoice_cancellation') &&
        journal.sourceId === data.id),
  );
  const overdue = daysPastDue(data, businessToday());
  const close = () => setDialog('none');
  const reload = () => {
    setDialog('none');
    void invoice.refetch();
  };

  const lineColumns: ColumnsType<InvoiceLine> = [
    { key: 'lineNo', title: '#', dataIndex: 'lineNo', width: 40 },
    {
      key: 'product',
      title: t('finance.fields.product'),
      width: 220,
      render: (_v, line) => (
        <Flex vertical>
          <Typography.Text strong>{line.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {line.productName} · {line.modelSpec}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'lot', title: t('finance.fields.lot'), dataIndex: 'lotNumber', width: 110 },
    {
      key: 'quantity',
      title: t('finance.fields.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      width: 70,
    },
    {
      key: 'unitPrice',
      title: t('finance.fields.unitPrice'),
      align: 'right',
      width: 120,
      render: (_v, l) => money(l.unitPrice),
    },
    {
      key: 'discount',
      title: t('finance.fields.discount'),
      align: 'right',
      width: 80,
      render: (_v, l) =>
        Number(l.discountRate) === 0 ? EMPTY_VALUE : formatPercent(Number(l.discountRate), lang),
    },
    {
      key: 'net',
      title: t('finance.fields.net'),
      align: 'right',
      width: 120,
      render: (_v, l) => money(l.netAmount),
    },
    {
      key: 'vatRate',
      title: t('finance.fields.vatRate'),
      align: 'right',
      width: 70,
      render: (_v, l) => formatPercent(Number(l.vatRate), lang, 0),
    },
    {
      key: 'tax',
      title: t('finance.fields.tax'),
      align: 'right',
      width: 110,
      render: (_v, l) => money(l.taxAmount),
    },
    {
      key: 'gross',
      title: t('finance.fields.gross'),
      align: 'right',
      width: 120,
      render: (_v, l) => money(l.grossAmount),
    },
    {
      key: 'credited',
      title: t('finance.fields.credited'),
      align: 'right',
      width: 110,
      render: (_v, l) =>
        l.creditedQuantity === 0 && l.creditedNetAmount === 0
          ? EMPTY_VALUE
          : `${l.creditedQuantity} · ${money(l.creditedNetAmount + l.creditedTaxAmount)}`,
    },
  ];

  const journalColumns: ColumnsType<Journal> = [
    {
      key: 'date',
      title: t('finance.fields.date'),
      width: 110,
      render: (_v, j) => formatDate(j.businessDate, lang),
    },
    {
      key: 'source',
      title: t('finance.journals.source'),
      width: 110,
      render: (_v, j) => <Tag>{t(`finance.journalSources.${j.sourceType}`)}</Tag>,
    },
    {
      key: 'document',
      title: t('finance.journals.document'),
      width: 170,
      render: (_v, j) => j.documentNumber ?? EMPTY_VALUE,
    },
    { key: 'description', title: t('finance.journals.description'), dataIndex: 'description' },
    {
      key: 'entries',
      title: t('finance.journals.entries'),
      width: 300,
      render: (_v, j) => (
        <Flex vertical gap={2}>
          {j.entries.map((entry, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries of a journal never reorder
            <Flex key={index} justify="space-between" gap={12}>
              <span>
                {entry.debitFen > 0 ? t('finance.journals.debit') : t('finance.journals.credit')}{' '}
                {t(`finance.accounts.${entry.account}`)}
              </span>
              <span>{formatMoney(entry.debitFen > 0 ? entry.debitFen : entry.creditFen, lang)}</span>
            </Flex>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="invoice-title">
              {data.number}
            </Typography.Title>
            <InvoiceStatusTag status={data.status} />
            {overdue > 0 && (
              <Tag color="red" data-testid="invoice-overdue">
                {t('finance.invoices.overdue', { count: overdue })}
              </Tag>
            )}
          </Flex>
        }
        extra={
          canWrite && (
            <Flex gap={8} wrap justify="flex-end">
              {data.status !== 'cancelled' && (
                <Button
                  icon={<EditOutlined />}
                  data-testid="invoice-set-vat"
                  onClick={() => setDialog('vat')}
                >
                  {isMobile ? null : t('finance.invoices.setVat')}
                </Button>
              )}
              {canCreditInvoice(data) && (
                <Button
                  icon={<FileExcelOutlined />}
                  data-testid="invoice-credit"
                  onClick={() => setDialog('credit')}
                >
                  {isMobile ? null : t('finance.creditNotes.new')}
                </Button>
              )}
              {canRequestWriteOff(data) && (
                <Button
                  icon={<MinusCircleOutlined />}
                  data-testid="invoice-write-off"
                  onClick={() => setDialog('writeOff')}
                >
                  {isMobile ? null : t('finance.writeOffs.request')}
                </Button>
              )}
              {canCancelInvoice(data) && (
                <Button
                  danger
                  icon={<StopOutlined />}
                  data-testid="invoice-cancel"
                  onClick={() => setDialog('cancel')}
                >
                  {isMobile ? null : t('finance.invoices.cancel')}
                </Button>
              )}
            </Flex>
          )
        }
      >
        <Descriptions
          data-testid="invoice-descriptions"
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 4 }}
          items={[
            {
              key: 'customer',
              label: t('finance.fields.customer'),
              children: user.permissions.includes('customers:read') ? (
                <Link to={`/customers/${data.customerId}?tab=statement`}>{data.customerName}</Link>
              ) : (
                data.customerName
              ),
            },
            {
              key: 'vat',
              label: t('finance.fields.vatInvoiceNumber'),
              children: data.vatInvoiceNumber ?? t('finance.invoices.noVat'),
            },
            { key: 'shipment', label: t('finance.shipment.number'), children: data.shipmentNumber },
            { key: 'order', label: t('finance.fields.order'), children: data.orderNumber },
            {
              key: 'invoiceDate',
              label: t('finance.fields.invoiceDate'),
              children: formatDate(data.invoiceDate, lang),
            },
            { key: 'dueDate', label: t('finance.fields.dueDate'), children: formatDate(data.dueDate, lang) },
            {
              key: 'currency',
              label: t('finance.fields.currency'),
              children: `${data.currency} · ${data.exchangeRate}`,
            },
            { key: 'net', label: t('finance.fields.net'), children: money(data.netAmount) },
            { key: 'tax', label: t('finance.fields.tax'), children: money(data.taxAmount) },
            {
              key: 'gross',
              label: t('finance.fields.gross'),
              children: <strong>{money(data.grossAmount)}</strong>,
            },
            { key: 'paid', label: t('finance.fields.paid'), children: money(data.paidAmount) },
            { key: 'credited', label: t('finance.fields.credited'), children: money(data.creditedAmount) },
            {
              key: 'writtenOff',
              label: t('finance.fields.writtenOff'),
              children: money(data.writtenOffAmount),
            },
            {
              key: 'open',
              label: t('finance.fields.open'),
              children: <strong data-testid="invoice-open">{money(data.openAmount)}</strong>,
            },
            ...(data.currency === 'CNY'
              ? []
              : [
                  {
                    key: 'grossCny',
                    label: t('finance.fields.grossCny'),
                    children: formatMoney(data.grossCnyFen, lang),
                  },
                ]),
            ...(data.cancelReason
              ? [
                  {
                    key: 'cancelReason',
                    label: t('finance.invoices.cancelReason'),
                    children: data.cancelReason,
                  },
                ]
              : []),
            { key: 'note', label: t('finance.fields.note'), children: data.note ?? EMPTY_VALUE },
            {
              key: 'createdAt',
              label: t('finance.fields.createdAt'),
              children: formatDateTime(data.createdAt, lang),
            },
          ]}
        />
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          items={[
            {
              key: 'lines',
              label: `${t('finance.invoices.lines')} (${data.lines.length})`,
              children: (
                <Table<InvoiceLine>
                  data-testid="invoice-lines"
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  columns={lineColumns}
                  dataSource={data.lines}
                />
              ),
            },
            {
              key: 'payments',
              label: (
                <span data-testid="invoice-tab-payments">{`${t('finance.invoices.payments')} (${data.allocations.length})`}</span>
              ),
              children: (
                <Table
                  data-testid="invoice-allocations"
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={data.allocations}
                  locale={{ emptyText: t('finance.invoices.noPayments') }}
                  columns={[
                    {
                      key: 'date',
                      title: t('finance.fields.date'),
                      render: (_v, a) => formatDate(a.allocatedOn, lang),
                    },
                    {
                      key: 'source',
                      title: t('finance.invoices.source'),
                      render: (_v, a) =>
                        a.paymentId ? (
                          <Link to={`/payments/${a.paymentId}`}>{a.sourceNumber}</Link>
                        ) : (
                          <span>
                            {a.sourceNumber} <Tag>{t('finance.creditNotes.short')}</Tag>
                          </span>
                        ),
                    },
                    {
                      key: 'amount',
                      title: t('finance.fields.amount'),
                      align: 'right',
                      render: (_v, a) => money(a.amount),
                    },
                    {
                      key: 'auto',
                      title: t('finance.payments.autoAllocated'),
                      render: (_v, a) => (a.isAutomatic ? t('common.yes') : t('common.no')),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'credits',
              label: `${t('finance.creditNotes.listTitle')} (${data.creditNotes.length})`,
              children: (
                <Table
                  data-testid="invoice-credit-notes"
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={data.creditNotes}
                  columns={[
                    { key: 'number', title: t('finance.creditNotes.number'), dataIndex: 'number' },
                    {
                      key: 'date',
                      title: t('finance.fields.date'),
                      render: (_v, c) => formatDate(c.creditDate, lang),
                    },
                    {
                      key: 'kind',
                      title: t('finance.creditNotes.kind'),
                      render: (_v, c) => t(`finance.creditNotes.kinds.${c.kind}`),
                    },
                    { key: 'reason', title: t('finance.fields.reason'), dataIndex: 'reason' },
                    {
                      key: 'gross',
                      title: t('finance.fields.gross'),
                      align: 'right',
                      render: (_v, c) => money(c.grossAmount),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'writeOffs',
              label: `${t('finance.writeOffs.title')} (${data.writeOffs.length})`,
              children: (
                <Table
                  data-testid="invoice-write-offs"
                  rowKey="id"
                  size="small"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={data.writeOffs}
                  columns={[
                    { key: 'number', title: t('finance.writeOffs.number'), dataIndex: 'number' },
                    {
                      key: 'status',
                      title: t('common.status'),
                      render: (_v, w) => <WriteOffStatusTag status={w.status} />,
                    },
                    {
                      key: 'amount',
                      title: t('finance.fields.amount'),
                      align: 'right',
                      render: (_v, w) => money(w.amount),
                    },
                    { key: 'reason', title: t('finance.fields.reason'), dataIndex: 'reason' },
                    {
                      key: 'requestedBy',
                      title: t('finance.writeOffs.requestedBy'),
                      dataIndex: 'requestedByName',
                    },
                  ]}
                />
              ),
            },
            {
              key: 'journals',
              label: t('finance.journals.title'),
              children: (
                <Flex vertical gap={8}>
                  <ErrorAlert error={journals.error} />
                  <Table<Journal>
                    data-testid="invoice-journals"
                    rowKey="id"
                    size="small"
                    pagination={false}
                    loading={journals.isFetching}
                    scroll={{ x: 'max-content' }}
                    dataSource={invoiceJournals}
                    columns={journalColumns}
                  />
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      {dialog === 'vat' && <VatNumberModal invoice={data} onClose={close} onReload={reload} />}
      {dialog === 'credit' && <CreditNoteModal invoice={data} onClose={close} onReload={reload} />}
      {dialog === 'writeOff' && <WriteOffRequestModal invoice={data} onClose={close} onReload={reload} />}
      {dialog === 'cancel' && <CancelInvoiceModal invoice={data} onClose={close} onReload={reload} />}
    </Flex>
  );
}
