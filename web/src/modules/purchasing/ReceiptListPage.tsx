import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { ReceiptSummary } from '../../../../contracts/purchasing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { WarehouseSelect } from '../inventory/index.ts';
import { GspRecordExport } from './GspRecordExport.tsx';
import { useReceiptList } from './purchasing.api.ts';
import { SupplierSelect } from './SupplierSelect.tsx';

const FILTER_KEYS = ['supplierId', 'warehouseId', 'arrivedFrom', 'arrivedTo'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function ReceiptListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const canWrite = user.permissions.includes('purchasing:write');
  const list = useListState(FILTER_KEYS);
  const receipts = useReceiptList(list.query);
  const { arrivedFrom: from, arrivedTo: to } = list.filters;

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<ReceiptSummary> = [
    {
      ...sortable('number'),
      title: t('purchasing.receipts.number'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (number: string, receipt) => (
        <Link to={`/receipts/${receipt.id}`} data-testid={`receipt-link-${receipt.id}`}>
          {number}
        </Link>
      ),
    },
    {
      key: 'purchaseOrder',
      title: t('purchasing.receipts.purchaseOrder'),
      width: 170,
      render: (_value, receipt) =>
        receipt.purchaseOrderId ? (
          <Link to={`/purchase-orders/${receipt.purchaseOrderId}`}>{receipt.purchaseOrderNumber}</Link>
        ) : (
          EMPTY_VALUE
        ),
    },
    {
      ...sortable('supplier'),
      title: t('purchasing.fields.supplier'),
      dataIndex: 'supplierName',
      width: 240,
    },
    { key: 'warehouse', title: t('purchasing.fields.warehouse'), dataIndex: 'warehouseName', width: 130 },
    {
      ...sortable('arrivalDate'),
      title: t('purchasing.receipts.arrivalDate'),
      dataIndex: 'arrivalDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: ReceiptSummary['status']) => (
        <Tag color={status === 'inspected' ? 'green' : 'default'}>
          {t(`purchasing.receiptStatuses.${status}`)}
        </Tag>
      ),
    },
    {
      key: 'createdAt',
      title: t('purchasing.fields.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('purchasing.receipts.title')}
        extra={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="receipt-new"
              aria-label={t('purchasing.receipts.new')}
              onClick={() => void navigate('/receipts/new')}
            >
              {isMobile ? null : t('purchasing.receipts.new')}
            </Button>
          )
        }
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <Flex vertical gap={16}>
          <Flex gap={8} wrap>
            <SearchInput
              testId="receipts-search"
              value={list.q}
              placeholder={t('purchasing.receipts.searchPlaceholder')}
              onSearch={(q) => list.update({ q })}
              style={{ width: isMobile ? '100%' : 240 }}
            />
            <SupplierSelect
              allowClear
              testId="receipts-filter-supplier"
              placeholder={t('purchasing.fields.supplier')}
              value={list.filters.supplierId ? Number(list.filters.supplierId) : undefined}
              onChange={(supplierId) => list.update({ filters: { supplierId: supplierId?.toString() } })}
              style={{ width: isMobile ? '100%' : 200 }}
            />
            <WarehouseSelect
              allowClear
              testId="receipts-filter-warehouse"
              placeholder={t('purchasing.fields.warehouse')}
              value={list.filters.warehouseId ? Number(list.filters.warehouseId) : undefined}
              onChange={(warehouseId) => list.update({ filters: { warehouseId: warehouseId?.toString() } })}
              style={{ width: isMobile ? '100%' : 170 }}
            />
            <DatePicker.RangePicker
              data-testid="receipts-filter-dates"
              allowEmpty={[true, true]}
              placeholder={[t('purchasing.receipts.arrivedFrom'), t('purchasing.receipts.arrivedTo')]}
              value={[from && DATE.test(from) ? dayjs(from) : null, to && DATE.test(to) ? dayjs(to) : null]}
              onChange={(range) =>
                list.update({
                  filters: {
                    arrivedFrom: range?.[0]?.format('YYYY-MM-DD'),
                    arrivedTo: range?.[1]?.format('YYYY-MM-DD'),
                  },
                })
              }
              style={{ width: isMobile ? '100%' : 260 }}
            />
          </Flex>
          <ErrorAlert error={receipts.error} testId="receipts-error" />
          <Table<ReceiptSummary>
            data-testid="receipts-table"
            rowKey="id"
            size={isMobile ? 'small' : 'middle'}
            columns={columns}
            dataSource={receipts.data?.items ?? []}
            loading={receipts.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: list.page,
              pageSize: list.pageSize,
              total: receipts.data?.total ?? 0,
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
      <Card size="small" styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <GspRecordExport />
      </Card>
    </Flex>
  );
}
