import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { type PaymentSummary, paymentMethods } from '../../../../../contracts/finance.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { SearchInput } from '../../../shared/SearchInput.tsx';
import { CustomerSelect } from '../CustomerSelect.tsx';
import { PaymentMethodTag } from '../FinanceTags.tsx';
import { usePaymentList } from '../finance.api.ts';
import { PaymentFormDrawer } from './PaymentFormDrawer.tsx';

const FILTER_KEYS = ['customerId', 'method', 'hasUnallocated', 'dateFrom', 'dateTo'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function PaymentListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('finance:write');
  const list = useListState(FILTER_KEYS);
  const payments = usePaymentList(list.query);
  const [isCreating, setCreating] = useState(false);
  const { dateFrom: from, dateTo: to } = list.filters;

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<PaymentSummary> = [
    {
      ...sortable('number'),
      title: t('finance.fields.paymentNumber'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (number: string, payment) => (
        <Link to={`/payments/${payment.id}`} data-testid={`payment-link-${payment.id}`}>
          {number}
        </Link>
      ),
    },
    { ...sortable('customer'), title: t('finance.fields.customer'), dataIndex: 'customerName', width: 220 },
    {
      key: 'method',
      title: t('finance.fields.method'),
      dataIndex: 'method',
      width: 110,
      render: (method: PaymentSummary['method']) => <PaymentMethodTag method={method} />,
    },
    {
      ...sortable('receivedDate'),
      title: t('finance.fields.receivedDate'),
      dataIndex: 'receivedDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    { key: 'reference', title: t('finance.fields.reference'), dataIndex: 'reference', width: 160 },
    {
      key: 'maturityDate',
      title: t('finance.fields.maturityDate'),
      dataIndex: 'maturityDate',
      width: 110,
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
    {
      ...sortable('amountCnyFen'),
      title: t('finance.fields.amount'),
      width: 140,
      align: 'right',
      render: (_v, payment) => formatAmount(payment.amount, payment.currency, lang),
    },
    {
      ...sortable('unallocatedCnyFen'),
      title: t('finance.fields.unallocated'),
      width: 140,
      align: 'right',
      render: (_v, payment) =>
        payment.unallocatedAmount === 0 ? (
          EMPTY_VALUE
        ) : (
          <Typography.Text type="warning" strong>
            {formatAmount(payment.unallocatedAmount, payment.currency, lang)}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Card
      title={t('finance.payments.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="payment-new"
            aria-label={t('finance.payments.new')}
            onClick={() => setCreating(true)}
          >
            {isMobile ? null : t('finance.payments.new')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="payments-search"
            value={list.q}
            placeholder={t('finance.payments.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <CustomerSelect
            allowClear
            testId="payments-filter-customer"
            placeholder={t('finance.fields.customer')}
            value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
            onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
            style={{ width: isMobile ? '100%' : 220 }}
          />
          <Select<string>
            allowClear
            data-testid="payments-filter-method"
            placeholder={t('finance.fields.method')}
            value={list.filters.method}
            onChange={(method?: string) => list.update({ filters: { method } })}
            options={paymentMethods.map((value) => ({ value, label: t(`finance.paymentMethods.${value}`) }))}
            style={{ width: isMobile ? '100%' : 140 }}
          />
          <DatePicker.RangePicker
            data-testid="payments-filter-dates"
            allowEmpty={[true, true]}
            placeholder={[t('finance.filters.dateFrom'), t('finance.filters.dateTo')]}
            value={[from && DATE.test(from) ? dayjs(from) : null, to && DATE.test(to) ? dayjs(to) : null]}
            onChange={(range) =>
              list.update({
                filters: {
                  dateFrom: range?.[0]?.format('YYYY-MM-DD'),
                  dateTo: range?.[1]?.format('YYYY-MM-DD'),
                },
              })
            }
            style={{ width: isMobile ? '100%' : 250 }}
          />
          <Checkbox
            data-testid="payments-filter-unallocated"
            checked={list.filters.hasUnallocated === 'true'}
            onChange={(event) =>
              list.update({ filters: { hasUnallocated: event.target.checked ? 'true' : undefined } })
            }
          >
            {t('finance.payments.onlyUnallocated')}
          </Checkbox>
        </Flex>
        <ErrorAlert error={payments.error} testId="payments-error" />
        <Table<PaymentSummary>
          data-testid="payments-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={payments.data?.items ?? []}
          loading={payments.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: payments.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
          }}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
            else if (extra.action === 'paginate') {
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
            }
          }}
        />
      </Flex>
      {isCreating && (
        <PaymentFormDrawer
          onClose={() => setCreating(false)}
          onSaved={(payment) => {
            void message.success(t('finance.payments.registered', { number: payment.number }));
            setCreating(false);
            void navigate(`/payments/${payment.id}`);
          }}
        />
      )}
    </Card>
  );
}
