import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { type quotePage, quoteStatuses } from '../../../../contracts/sales.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDate } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { QuoteStatusTag } from './SalesTags.tsx';
import { useQuoteList } from './sales.api.ts';

type QuoteSummary = z.infer<typeof quotePage>['items'][number];

const FILTER_KEYS = ['status', 'customerId'] as const;

export function QuoteListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const list = useListState(FILTER_KEYS);
  const quotes = useQuoteList(list.query);
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<QuoteSummary> = [
    {
      ...sortable('number'),
      title: t('sales.fields.quoteNumber'),
      dataIndex: 'number',
      width: 170,
      render: (number: string, quote) => (
        <Link to={`/quotes/${quote.id}`} data-testid={`quote-link-${quote.id}`}>
          {number}
        </Link>
      ),
    },
    {
      ...sortable('status'),
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: QuoteSummary['status']) => <QuoteStatusTag status={status} />,
    },
    { ...sortable('customer'), title: t('sales.fields.customer'), dataIndex: 'customerName', width: 220 },
    {
      ...sortable('quoteDate'),
      title: t('sales.fields.quoteDate'),
      dataIndex: 'quoteDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      ...sortable('validUntil'),
      title: t('sales.fields.validUntil'),
      dataIndex: 'validUntil',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'gross',
      title: t('sales.fields.gross'),
      width: 140,
      align: 'right',
      render: (_value, quote) => formatAmount(quote.grossAmount, quote.currency, lang),
    },
  ];

  return (
    <Card
      title={t('sales.quotes.title')}
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
      extra={
        user.permissions.includes('orders:write') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="quote-create"
            aria-label={t('sales.quotes.create')}
            onClick={() => void navigate('/quotes/new')}
          >
            {isMobile ? null : t('sales.quotes.create')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="quotes-search"
            value={list.q}
            placeholder={t('sales.quotes.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="quotes-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={quoteStatuses.map((value) => ({ value, label: t(`sales.quoteStatuses.${value}`) }))}
            style={{ width: isMobile ? '100%' : 130 }}
          />
          {user.distributorId === null && (
            <CustomerSelect
              allowClear
              testId="quotes-filter-customer"
              placeholder={t('sales.fields.customer')}
              value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
              onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
              style={{ width: isMobile ? '100%' : 220 }}
            />
          )}
        </Flex>
        <ErrorAlert error={quotes.error} />
        <Table<QuoteSummary>
          data-testid="quotes-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={quotes.data?.items ?? []}
          loading={quotes.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: quotes.data?.total ?? 0,
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
    </Card>
  );
}
