import { ClearOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { InvoiceSummary, Payment } from '../../../../../contracts/finance.ts';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { businessToday, formatDate } from '../../../shared/format.ts';
import { formatFenAsYuanInput } from '../../../shared/money.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { useAllocatePayment, useInvoiceList } from '../finance.api.ts';
import { checkAllocations, daysPastDue, fillOldestFirst } from '../finance.rules.ts';
import { useIdempotencyKey } from '../useIdempotencyKey.ts';

/** Allocates what is left of a payment to the customer's open invoices in the same currency. */
export function AllocationPanel({ payment }: { payment: Payment }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const allocate = useAllocatePayment();
  const keyFor = useIdempotencyKey();
  const [typed, setTyped] = useState<Record<number, string>>({});
  const today = businessToday();
  const openInvoices = useInvoiceList({
    customerId: payment.customerId,
    isOpen: 'true',
    pageSize: 200,
    sort: 'dueDate',
  });
  const invoices = (openInvoices.data?.items ?? []).filter(
    (invoice) => invoice.currency === payment.currency,
  );
  const otherCurrency = (openInvoices.data?.items.length ?? 0) - invoices.length;
  const check = checkAllocations(typed, invoices, payment.unallocatedAmount);
  const money = (minor: number) => formatAmount(minor, payment.currency, lang);

  function fill() {
    const amounts = fillOldestFirst(invoices, payment.unallocatedAmount);
    setTyped(Object.fromEntries([...amounts].map(([id, amount]) => [id, formatFenAsYuanInput(amount)])));
    allocate.reset();
  }

  async function send(mode: 'listed' | 'automatic') {
    const body =
      mode === 'automatic'
        ? {}
        : { allocations: [...check.amounts].map(([invoiceId, amount]) => ({ invoiceId, amount })) };
    try {
      const result = await allocate.mutateAsync({
        paymentId: payment.id,
        body,
        key: keyFor([payment.id, body]),
      });
      void message.success(
        t('finance.payments.allocated', {
          count: result.allocations.length,
          left: formatAmount(result.unallocatedAmount, result.currency, lang),
        }),
      );
      setTyped({});
    } catch {
      // Shown by the alert: the server refuses more than is unallocated or open.
    }
  }

  const columns: ColumnsType<InvoiceSummary> = [
    {
      key: 'number',
      title: t('finance.fields.invoiceNumber'),
      render: (_v, invoice) => <Link to={`/invoices/${invoice.id}`}>{invoice.number}</Link>,
    },
    {
      key: 'invoiceDate',
      title: t('finance.fields.invoiceDate'),
      render: (_v, i) => formatDate(i.invoiceDate, lang),
    },
    { key: 'dueDate', title: t('finance.fields.dueDate'), render: (_v, i) => formatDate(i.dueDate, lang) },
    {
      key: 'daysPastDue',
      title: t('finance.fields.daysPastDue'),
      align: 'right',
      render: (_v, i) => {
        const days = daysPastDue(i, today);
        return days > 0 ? <Typography.Text type="danger">{days}</Typography.Text> : 0;
      },
    },
    {
      key: 'gross',
      title: t('finance.fields.gross'),
      align: 'right',
      render: (_v, i) => money(i.grossAmount),
    },
    {
      key: 'open',
      title: t('finance.fields.open'),
      align: 'right',
      render: (_v, i) => <Typography.Text strong>{money(i.openAmount)}</Typography.Text>,
    },
    {
      key: 'allocate',
      title: t('finance.payments.allocateAmount'),
      width: 170,
      render: (_v, invoice) => {
        const problem = check.problems.get(invoice.id);
        return (
          <Flex vertical gap={2}>
            <Input
              size="small"
              data-testid={`allocation-input-${invoice.id}`}
              inputMode="decimal"
              placeholder="0.00"
              prefix={payment.currency === 'CNY' ? '¥' : payment.currency}
              value={typed[invoice.id] ?? ''}
              status={problem ? 'error' : undefined}
              onChange={(event) => {
                setTyped((current) => ({ ...current, [invoice.id]: event.target.value }));
                allocate.reset();
              }}
            />
            {problem && (
              <Typography.Text type={problem === 'format' ? 'danger' : 'warning'} style={{ fontSize: 12 }}>
                {t(`finance.payments.problems.${problem}`)}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
  ];

  const hasFormatProblem = [...check.problems.values()].includes('format');

  return (
    <Card
      size="small"
      title={t('finance.payments.allocateTitle')}
      data-testid="allocation-panel"
      extra={
        <Flex gap={8} wrap>
          <Button
            size="small"
            icon={<ThunderboltOutlined />}
            data-testid="allocation-fill"
            onClick={fill}
            disabled={invoices.length === 0}
          >
            {isMobile ? null : t('finance.payments.fillOldest')}
          </Button>
          <Button
            size="small"
            icon={<ClearOutlined />}
            onClick={() => setTyped({})}
            aria-label={t('finance.payments.clear')}
          >
            {isMobile ? null : t('finance.payments.clear')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {otherCurrency > 0 && (
          <Alert
            type="info"
            showIcon
            title={t('finance.payments.otherCurrency', { count: otherCurrency, currency: payment.currency })}
          />
        )}
        <ErrorAlert error={openInvoices.error} />
        <Table<InvoiceSummary>
          data-testid="allocation-table"
          rowKey="id"
          size="small"
          pagination={false}
          loading={openInvoices.isFetching}
          scroll={{ x: 'max-content' }}
          columns={columns}
          dataSource={invoices}
          locale={{ emptyText: t('finance.payments.noOpenInvoices') }}
        />
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text
            data-testid="allocation-total"
            type={check.isOverUnallocated ? 'danger' : undefined}
          >
            {t('finance.payments.allocationTotal', {
              total: Number.isFinite(check.total) ? money(check.total) : '—',
              unallocated: money(payment.unallocatedAmount),
            })}
          </Typography.Text>
          <Flex gap={8} wrap>
            <Popconfirm
              title={t('finance.payments.autoConfirm')}
              okText={t('finance.payments.autoAllocateNow')}
              cancelText={t('common.cancel')}
              onConfirm={() => send('automatic')}
            >
              <Button data-testid="allocation-auto" disabled={payment.unallocatedAmount === 0}>
                {t('finance.payments.autoAllocateNow')}
              </Button>
            </Popconfirm>
            <Button
              type="primary"
              data-testid="allocation-submit"
              loading={allocate.isPending}
              disabled={check.amounts.size === 0 || hasFormatProblem}
              onClick={() => void send('listed')}
            >
              {t('finance.payments.allocate')}
            </Button>
          </Flex>
        </Flex>
        {check.isOverUnallocated && !allocate.error && (
          <Alert type="warning" showIcon title={t('finance.payments.overUnallocated')} />
        )}
        <ErrorAlert error={allocate.error} testId="allocation-error" />
      </Flex>
    </Card>
  );
}
