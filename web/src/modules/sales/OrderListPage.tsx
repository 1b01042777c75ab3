import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { type OrderSummary, orderStatuses } from '../../../../contracts/sales.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatDate, formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { OrderStatusTag } from './SalesTags.tsx';
import { useOrderList } from './sales.api.ts';

const FILTER_KEYS = ['status', 'customerId', 'dateFrom', 'dateTo'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** /orders: the orders in the user's scope (the API filters by region or distributor). */
export function OrderListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const canWrite = user.permissions.includes('orders:write');
  const list = useListState(FILTER_KEYS);
  const orders = useOrderList(list.query);
  const { dateFrom: from, dateTo: to } = list.filters;

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<OrderSummary> = [
    {
      ...sortable('number'),
      title: t('sales.fields.orderNumber'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (number: string, order) => (
        <Link to={`/orders/${order.id}`} data-testid={`order-link-${order.id}`}>
          {number}
        </Link>
      ),
    },
    {
      ...sortable('status'),
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: OrderSummary['status']) => <OrderStatusTag status={status} />,
    },
    { ...sortable('customer'), title: t('sales.fields.customer'), dataIndex: 'customerName', width: 220 },
    {
      ...sortable('orderDate'),
      title: t('sales.fields.orderDate'),
      dataIndex: 'orderDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      ...sortable('promisedDate'),
      title: t('sales.fields.promisedDate'),
      dataIndex: 'promisedDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'lineCount',
      title: t('sales.fields.lineCount'),
      dataIndex: 'lineCount',
      width: 70,
      align: 'right',
    },
    {
      ...sortable('grossAmount'),
      title: t('sales.fields.gross'),
      width: 150,
      align: 'right',
      render: (_value, order) => (
        <Flex vertical gap={0} align="flex-end">
          <span>{formatAmount(order.grossAmount, order.currency, lang)}</span>
          {order.currency !== 'CNY' && (
            <span style={{ fontSize: 12, opacity: 0.65 }}>{formatMoney(order.grossCnyFen, lang)}</span>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Card
      title={t('sales.orders.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/orders/export"
            query={list.query}
            baseName="orders"
            testId="orders-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="order-create"
              aria-label={t('sales.orders.create')}
              onClick={() => void navigate('/orders/new')}
            >
              {isMobile ? null : t('sales.orders.create')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="orders-search"
            value={list.q}
            placeholder={t('sales.orders.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="orders-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={orderStatuses.map((value) => ({ value, label: t(`sales.orderStatuses.${value}`) }))}
            style={{ width: isMobile ? '100%' : 130 }}
          />
          {user.distributorId === null && (
            <CustomerSelect
              allowClear
              testId="orders-filter-customer"
              placeholder={t('sales.fields.customer')}
              value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
              onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
              style={{ width: isMobile ? '100%' : 220 }}
            />
          )}
          <DatePicker.RangePicker
            data-testid="orders-filter-dates"
            allowEmpty={[true, true]}
            placeholder={[t('sales.filters.dateFrom'), t('sales.filters.dateTo')]}
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
        </Flex>
        <ErrorAlert error={orders.error} testId="orders-error" />
        <Table<OrderSummary>
          data-testid="orders-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={orders.data?.items ?? []}
          loading={orders.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: orders.data?.total ?? 0,
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
