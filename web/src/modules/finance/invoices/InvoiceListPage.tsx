import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { type InvoiceSummary, invoiceStatuses } from '../../../../../contracts/finance.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../../shared/ExportButton.tsx';
import { businessToday, EMPTY_VALUE, formatDate } from '../../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { SearchInput } from '../../../shared/SearchInput.tsx';
import { CustomerSelect } from '../CustomerSelect.tsx';
import { InvoiceStatusTag } from '../FinanceTags.tsx';
import { useInvoiceList } from '../finance.api.ts';
import { daysPastDue } from '../finance.rules.ts';
import { CreateInvoiceModal } from './CreateInvoiceModal.tsx';

const FILTER_KEYS = ['status', 'customerId', 'dateFrom', 'dateTo', 'isOpen'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function InvoiceListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('finance:write');
  const list = useListState(FILTER_KEYS);
  const invoices = useInvoiceList(list.query);
  const [isCreating, setCreating] = useState(false);
  const today = businessToday();
  const { dateFrom: from, dateTo: to } = list.filters;

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<InvoiceSummary> = [
    {
      ...sortable('number'),
      title: t('finance.fields.invoiceNumber'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (number: string, invoice) => (
        <Link to={`/invoices/${invoice.id}`} data-testid={`invoice-link-${invoice.id}`}>
          {number}
        </Link>
      ),
    },
    {
      ...sortable('status'),
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: InvoiceSummary['status']) => <InvoiceStatusTag status={status} />,
    },
    { ...sortable('customer'), title: t('finance.fields.customer'), dataIndex: 'customerName', width: 220 },
    {
      key: 'vatInvoiceNumber',
      title: t('finance.fields.vatInvoiceNumber'),
      dataIndex: 'vatInvoiceNumber',
      width: 150,
      render: (value: string | null) =>
        value ?? <Typography.Text type="secondary">{t('finance.invoices.noVat')}</Typography.Text>,
    },
    {
      ...sortable('invoiceDate'),
      title: t('finance.fields.invoiceDate'),
      dataIndex: 'invoiceDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      ...sortable('dueDate'),
      title: t('finance.fields.dueDate'),
      dataIndex: 'dueDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'daysPastDue',
      title: t('finance.fields.daysPastDue'),
      width: 100,
      align: 'right',
      render: (_value, invoice) => {
        const days = daysPastDue(invoice, today);
        if (days === 0) return EMPTY_VALUE;
        return (
          <Tag color={days > 90 ? 'red' : days > 30 ? 'volcano' : 'orange'}>
            {t('common.days', { count: days })}
          </Tag>
        );
      },
    },
    {
      ...sortable('grossCnyFen'),
      title: t('finance.fields.gross'),
      width: 140,
      align: 'right',
      render: (_value, invoice) => formatAmount(invoice.grossAmount, invoice.currency, lang),
    },
    {
      ...sortable('openCnyFen'),
      title: t('finance.fields.open'),
      width: 140,
      align: 'right',
      render: (_value, invoice) =>
        invoice.openAmount === 0 ? (
          EMPTY_VALUE
        ) : (
          <Typography.Text strong>{formatAmount(invoice.openAmount, invoice.currency, lang)}</Typography.Text>
        ),
    },
  ];

  return (
    <Card
      title={t('finance.invoices.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/invoices/export"
            query={list.query}
            baseName="invoices"
            testId="invoices-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="invoice-create"
              aria-label={t('finance.invoices.create')}
              onClick={() => setCreating(true)}
            >
              {isMobile ? null : t('finance.invoices.create')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="invoices-search"
            value={list.q}
            placeholder={t('finance.invoices.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="invoices-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={invoiceStatuses.map((value) => ({
              value,
              label: t(`finance.invoiceStatuses.${value}`),
            }))}
            style={{ width: isMobile ? '100%' : 130 }}
          />
          <CustomerSelect
            allowClear
            testId="invoices-filter-customer"
            placeholder={t('finance.fields.customer')}
            value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
            onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
            style={{ width: isMobile ? '100%' : 220 }}
          />
          <DatePicker.RangePicker
            data-testid="invoices-filter-dates"
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
            data-testid="invoices-filter-open"
            checked={list.filters.isOpen === 'true'}
            onChange={(event) =>
              list.update({ filters: { isOpen: event.target.checked ? 'true' : undefined } })
            }
          >
            {t('finance.invoices.onlyOpen')}
          </Checkbox>
        </Flex>
        <ErrorAlert error={invoices.error} testId="invoices-error" />
        <Table<InvoiceSummary>
          data-testid="invoices-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={invoices.data?.items ?? []}
          loading={invoices.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: invoices.data?.total ?? 0,
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
        <CreateInvoiceModal
          onClose={() => setCreating(false)}
          onCreated={(invoice) => {
            void message.success(t('finance.invoices.created', { number: invoice.number }));
            setCreating(false);
            void navigate(`/invoices/${invoice.id}`);
          }}
        />
      )}
    </Card>
  );
}
