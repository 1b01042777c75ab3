import { Card, Flex, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { shipmentStatuses } from '../../../../contracts/sales.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { ShipmentStatusTag } from './SalesTags.tsx';
import { useShipmentList } from './sales.api.ts';
import type { ShipmentSummary } from './sales.rules.ts';

const FILTER_KEYS = ['status'] as const;

/** /shipments: picking work first for the warehouse, then what left and arrived. */
export function ShipmentListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const list = useListState(FILTER_KEYS);
  const shipments = useShipmentList(list.query);

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<ShipmentSummary> = [
    {
      ...sortable('number'),
      title: t('sales.fields.shipmentNumber'),
      dataIndex: 'number',
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (number: string, shipment) => (
        <Link to={`/shipments/${shipment.id}`} data-testid={`shipment-link-${shipment.id}`}>
          {number}
        </Link>
      ),
    },
    {
      ...sortable('status'),
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: ShipmentSummary['status']) => <ShipmentStatusTag status={status} />,
    },
    {
      key: 'order',
      title: t('sales.fields.orderNumber'),
      dataIndex: 'orderNumber',
      width: 170,
      render: (number: string, shipment) => <Link to={`/orders/${shipment.orderId}`}>{number}</Link>,
    },
    { ...sortable('customer'), title: t('sales.fields.customer'), dataIndex: 'customerName', width: 220 },
    {
      key: 'scanned',
      title: t('sales.fields.scannedOfRequired'),
      width: 110,
      render: (_value, shipment) => `${shipment.scannedQuantity} / ${shipment.quantity}`,
    },
    {
      ...sortable('promisedDate'),
      title: t('sales.fields.promisedDate'),
      dataIndex: 'promisedDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      ...sortable('shippedOn'),
      title: t('sales.fields.shippedOn'),
      width: 160,
      render: (_value, shipment) =>
        shipment.shippedOn ? (
          <Flex gap={6} align="center" wrap>
            <span>{formatDate(shipment.shippedOn, lang)}</span>
            {shipment.daysLate ? (
              <Tag color="red">{t('sales.timeline.late', { count: shipment.daysLate })}</Tag>
            ) : null}
          </Flex>
        ) : (
          EMPTY_VALUE
        ),
    },
    {
      key: 'deliveredOn',
      title: t('sales.fields.deliveredOn'),
      dataIndex: 'deliveredOn',
      width: 110,
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
  ];

  return (
    <Card title={t('sales.shipments.title')} styles={{ body: { padding: isMobile ? 12 : undefined } }}>
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="shipments-search"
            value={list.q}
            placeholder={t('sales.shipments.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <Select<string>
            allowClear
            data-testid="shipments-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={shipmentStatuses.map((value) => ({
              value,
              label: t(`sales.shipmentStatuses.${value}`),
            }))}
            style={{ width: isMobile ? '100%' : 130 }}
          />
        </Flex>
        <ErrorAlert error={shipments.error} testId="shipments-error" />
        <Table<ShipmentSummary>
          data-testid="shipments-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={shipments.data?.items ?? []}
          loading={shipments.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: shipments.data?.total ?? 0,
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
