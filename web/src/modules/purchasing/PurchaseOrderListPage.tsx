import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { type PurchaseOrderSummary, purchaseOrderStatuses } from '../../../../contracts/purchasing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { WarehouseSelect } from '../inventory/index.ts';
import { PurchaseOrderFormDrawer } from './PurchaseOrderFormDrawer.tsx';
import { PurchaseOrderStatusTag } from './PurchasingTags.tsx';
import { usePurchaseOrderList } from './purchasing.api.ts';
import { canReceive } from './purchasing.rules.ts';
import { SupplierSelect } from './SupplierSelect.tsx';

const FILTER_KEYS = ['status', 'supplierId', 'warehouseId', 'orderedFrom', 'orderedTo'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function PurchaseOrderListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('purchasing:write');
  const list = useListState(FILTER_KEYS);
  const orders = usePurchaseOrderList(list.query);
  const [isCreating, setCreating] = useState(false);
  const { orderedFrom: from, orderedTo: to } = list.filters;

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<PurchaseOrderSummary> = [
    {
      ...sortable('number'),
      title: t('purchasing.fields.number'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (number: string, order) => (
        <Link to={`/purchase-orders/${order.id}`} data-testid={`po-link-${order.id}`}>
          {number}
        </Link>
      ),
    },
    {
      ...sortable('status'),
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: PurchaseOrderSummary['status']) => <PurchaseOrderStatusTag status={status} />,
    },
    {
      ...sortable('supplier'),
      title: t('purchasing.fields.supplier'),
      dataIndex: 'supplierName',
      width: 240,
    },
    { key: 'warehouse', title: t('purchasing.fields.warehouse'), dataIndex: 'warehouseName', width: 130 },
    {
      ...sortable('orderDate'),
      title: t('purchasing.fields.orderDate'),
      dataIndex: 'orderDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'expectedDate',
      title: t('purchasing.fields.expectedDate'),
      dataIndex: 'expectedDate',
      width: 110,
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
    {
      key: 'totalAmount',
      title: t('purchasing.fields.total'),
      align: 'right',
      width: 150,
      render: (_value, order) => formatAmount(order.totalAmount, order.currency, lang),
    },
    {
      ...sortable('totalCnyFen'),
      title: t('purchasing.fields.totalCny'),
      dataIndex: 'totalCnyFen',
      align: 'right',
      width: 150,
      render: (value: number) => formatMoney(value, lang),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      fixed: isMobile ? undefined : 'right',
      render: (_value, order) =>
        canReceive(order.status) ? (
          <Link to={`/receipts/new?po=${order.id}`} data-testid={`po-receive-${order.id}`}>
            {t('purchasing.orders.receive')}
          </Link>
        ) : (
          <Typography.Text type="secondary">{EMPTY_VALUE}</Typography.Text>
        ),
    });
  }

  return (
    <Card
      title={t('purchasing.orders.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="po-new"
            aria-label={t('purchasing.orders.new')}
            onClick={() => setCreating(true)}
          >
            {isMobile ? null : t('purchasing.orders.new')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="po-search"
            value={list.q}
            placeholder={t('purchasing.orders.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="po-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={purchaseOrderStatuses.map((value) => ({
              value,
              label: t(`purchasing.orderStatuses.${value}`),
            }))}
            style={{ width: isMobile ? '100%' : 140 }}
          />
          <SupplierSelect
            allowClear
            testId="po-filter-supplier"
            placeholder={t('purchasing.fields.supplier')}
            value={list.filters.supplierId ? Number(list.filters.supplierId) : undefined}
            onChange={(supplierId) => list.update({ filters: { supplierId: supplierId?.toString() } })}
            style={{ width: isMobile ? '100%' : 200 }}
          />
          <WarehouseSelect
            allowClear
            testId="po-filter-warehouse"
            placeholder={t('purchasing.fields.warehouse')}
            value={list.filters.warehouseId ? Number(list.filters.warehouseId) : undefined}
            onChange={(warehouseId) => list.update({ filters: { warehouseId: warehouseId?.toString() } })}
            style={{ width: isMobile ? '100%' : 170 }}
          />
          <DatePicker.RangePicker
            data-testid="po-filter-dates"
            allowEmpty={[true, true]}
            placeholder={[t('purchasing.filters.orderedFrom'), t('purchasing.filters.orderedTo')]}
            value={[from && DATE.test(from) ? dayjs(from) : null, to && DATE.test(to) ? dayjs(to) : null]}
            onChange={(range) =>
              list.update({
                filters: {
                  orderedFrom: range?.[0]?.format('YYYY-MM-DD'),
                  orderedTo: range?.[1]?.format('YYYY-MM-DD'),
                },
              })
            }
            style={{ width: isMobile ? '100%' : 260 }}
          />
        </Flex>
        <ErrorAlert error={orders.error} testId="po-error" />
        <Table<PurchaseOrderSummary>
          data-testid="po-table"
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
      {isCreating && (
        <PurchaseOrderFormDrawer
          onClose={() => setCreating(false)}
          onSaved={(order) => {
            void message.success(t('purchasing.orders.created', { number: order.number }));
            setCreating(false);
            void navigate(`/purchase-orders/${order.id}`);
          }}
        />
      )}
    </Card>
  );
}
