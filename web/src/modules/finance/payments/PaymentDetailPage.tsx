import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Result, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCurrentUser } from '../../../app/auth.tsx';
import { NotFoundPage } from '../../../app/status.tsx';
import { isApiError } from '../../../shared/api.ts';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime, formatMoney } from '../../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { PaymentMethodTag } from '../FinanceTags.tsx';
import { usePayment } from '../finance.api.ts';
import { AllocationPanel } from './AllocationPanel.tsx';

export function PaymentDetailPage() {
  const { id } = useParams();
  const paymentId = Number(id);
  if (!Number.isInteger(paymentId) || paymentId <= 0) return <NotFoundPage />;
  return <PaymentDetail paymentId={paymentId} />;
}

function PaymentDetail({ paymentId }: { paymentId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const payment = usePayment(paymentId);
  const canWrite = user.permissions.includes('finance:write');

  const backLink = (
    <Link to="/payments" data-testid="payment-back">
      <ArrowLeftOutlined /> {t('finance.payments.backToList')}
    </Link>
  );

  if (payment.isLoading) return <Skeleton active />;
  if (!payment.data) {
    const isMissing = isApiError(payment.error) && payment.error.status === 404;
    return isMissing ? (
      <Result status="404" title={t('finance.payments.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={payment.error} />
      </Flex>
    );
  }
  const data = payment.data;
  const money = (minor: number) => formatAmount(minor, data.currency, lang);

  return (
    <Flex vertical gap={16}>
      {backLink}
      <Card
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="payment-title">
              {data.number}
            </Typography.Title>
            <PaymentMethodTag method={data.method} />
          </Flex>
        }
      >
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 3, xl: 3, xxl: 3 }}
          items={[
            { key: 'customer', label: t('finance.fields.customer'), children: data.customerName },
            {
              key: 'receivedDate',
              label: t('finance.fields.receivedDate'),
              children: formatDate(data.receivedDate, lang),
            },
            {
              key: 'reference',
              label:
                data.method === 'acceptance_bill'
                  ? t('finance.fields.billNumber')
                  : t('finance.fields.reference'),
              children: data.reference,
            },
            ...(data.maturityDate
              ? [
                  {
                    key: 'maturity',
                    label: t('finance.fields.maturityDate'),
                    children: formatDate(data.maturityDate, lang),
                  },
                ]
              : []),
            {
              key: 'amount',
              label: t('finance.fields.amount'),
              children: <strong>{money(data.amount)}</strong>,
            },
            { key: 'allocated', label: t('finance.fields.allocated'), children: money(data.allocatedAmount) },
            {
              key: 'unallocated',
              label: t('finance.fields.unallocated'),
              children: <strong data-testid="payment-unallocated">{money(data.unallocatedAmount)}</strong>,
            },
            ...(data.currency === 'CNY'
              ? []
              : [
                  { key: 'rate', label: t('finance.fields.exchangeRate'), children: data.exchangeRate },
                  {
                    key: 'amountCny',
                    label: t('finance.fields.amountCny'),
                    children: formatMoney(data.amountCnyFen, lang),
                  },
                ]),
            { key: 'note', label: t('finance.fields.note'), children: data.note ?? EMPTY_VALUE },
            {
              key: 'createdAt',
              label: t('finance.fields.createdAt'),
              children: formatDateTime(data.createdAt, lang),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('finance.payments.allocations')}>
        <Table
          data-testid="payment-allocations"
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.allocations}
          locale={{ emptyText: t('finance.payments.noAllocations') }}
          columns={[
            {
              key: 'date',
              title: t('finance.fields.date'),
              render: (_v, a) => formatDate(a.allocatedOn, lang),
            },
            {
              key: 'invoice',
              title: t('finance.fields.invoiceNumber'),
              render: (_v, a) => <Link to={`/invoices/${a.invoiceId}`}>{a.invoiceNumber}</Link>,
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
      </Card>
      {canWrite && data.unallocatedAmount > 0 && <AllocationPanel payment={data} />}
    </Flex>
  );
}
