import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { InvoiceSummary } from '../../../../contracts/finance.ts';
import { businessToday, formatDate, formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useInvoiceList } from '../finance/finance.api.ts';
import { daysPastDue } from '../finance/finance.rules.ts';

/**
 * The customer's open invoices, oldest due first, with days past due: what the exposure and
 * the collection steps are made of. Shown to users who may read invoices.
 */
export function OpenInvoicesCard({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const today = businessToday();
  const invoices = useInvoiceList({ customerId, isOpen: true, sort: 'dueDate', pageSize: 50 });
  return (
    <Card title={t('credit.customer.openInvoices')} size="small" data-testid="credit-open-invoices">
      <Table<InvoiceSummary>
        size="small"
        rowKey="id"
        loading={invoices.isLoading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={invoices.data?.items ?? []}
        columns={[
          {
            key: 'number',
            title: t('credit.customer.invoiceNumber'),
            render: (_, row) => <Link to={`/invoices/${row.id}`}>{row.number}</Link>,
          },
          {
            key: 'dueDate',
            title: t('credit.customer.dueDate'),
            render: (_, row) => formatDate(row.dueDate, lang),
          },
          {
            key: 'pastDue',
            title: t('credit.customer.daysPastDue'),
            align: 'right',
            render: (_, row) => {
              const days = daysPastDue(row, today);
              return days > 0 ? <Typography.Text type="danger">{days}</Typography.Text> : '—';
            },
          },
          {
            key: 'open',
            title: t('credit.customer.openAmount'),
            align: 'right',
            render: (_, row) => formatMoney(row.openCnyFen, lang),
          },
        ]}
      />
      {(invoices.data?.total ?? 0) > 50 && (
        <Typography.Text type="secondary">
          <Link to={`/invoices?customerId=${customerId}&isOpen=true`}>
            {t('credit.customer.allOpenInvoices', { count: invoices.data?.total })}
          </Link>
        </Typography.Text>
      )}
    </Card>
  );
}
