import { DiffOutlined, HistoryOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Flex, Select, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { StockBalance } from '../../../../contracts/inventory.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDate } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { productNameIn } from '../../shared/names.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { AdjustmentDrawer } from './AdjustmentDrawer.tsx';
import { NEAR_EXPIRY_HORIZONS } from './expiry.ts';
import { ExpiryTag, LotStatusTag } from './InventoryTags.tsx';
import { useStockList } from './inventory.api.ts';
import { MovesDrawer } from './MovesDrawer.tsx';
import { WarehouseSelect } from './pickers.tsx';

const FILTER_KEYS = ['warehouseId', 'nearExpiryDays', 'onlyAvailable', 'includeEmpty'] as const;

type Panel = { kind: 'none' } | { kind: 'adjust'; row?: StockBalance } | { kind: 'moves'; row: StockBalance };

function rowKey(row: StockBalance): string {
  return `${row.warehouseId}-${row.lotId}-${row.serial}`;
}

/** Stock per warehouse, product and lot: on hand, reserved, available and expiry. */
export function StockPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('inventory:write');
  const list = useListState(FILTER_KEYS);
  const stock = useStockList(list.query);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });
  const quantity = (value: number) => value.toLocaleString(lang);

  const columns: ColumnsType<StockBalance> = [
    {
      ...sortable('warehouse'),
      title: t('inventory.fields.warehouse'),
      width: 130,
      render: (_value, row) => (
        <Tooltip title={row.warehouseName}>
          <span>{isMobile ? row.warehouseCode : row.warehouseName}</span>
        </Tooltip>
      ),
    },
    {
      ...sortable('sku'),
      title: t('inventory.fields.product'),
      width: 220,
      render: (_value, row) => (
        <Flex vertical>
          <Typography.Text strong>{row.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {productNameIn(lang, row)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      ...sortable('lotNumber'),
      title: t('inventory.fields.lotNumber'),
      width: 130,
      render: (_value, row) => (
        <Flex vertical>
          <Link to={`/trace?lotId=${row.lotId}`} data-testid={`stock-lot-${row.lotId}`}>
            {row.lotNumber}
          </Link>
          {row.serial && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('inventory.fields.serial')}: {row.serial}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      ...sortable('onHand'),
      title: t('inventory.fields.onHand'),
      dataIndex: 'onHand',
      align: 'right',
      width: 90,
      render: quantity,
    },
    {
      key: 'reserved',
      title: t('inventory.fields.reserved'),
      dataIndex: 'reserved',
      align: 'right',
      width: 90,
      render: quantity,
    },
    {
      ...sortable('available'),
      title: t('inventory.fields.available'),
      dataIndex: 'available',
      align: 'right',
      width: 90,
      render: (value: number, row) => (
        <Typography.Text strong type={row.isSellable ? undefined : 'secondary'}>
          {quantity(value)}
        </Typography.Text>
      ),
    },
    {
      ...sortable('expiryDate'),
      title: t('inventory.fields.expiryDate'),
      dataIndex: 'expiryDate',
      width: 120,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'daysToExpiry',
      title: t('inventory.fields.daysToExpiry'),
      width: 150,
      render: (_value, row) => <ExpiryTag daysToExpiry={row.daysToExpiry} />,
    },
    {
      key: 'lotStatus',
      title: t('inventory.fields.lotStatus'),
      width: 100,
      render: (_value, row) => <LotStatusTag status={row.lotStatus} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: canWrite ? 120 : 80,
      fixed: isMobile ? undefined : 'right',
      render: (_value, row) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<HistoryOutlined />}
            title={t('inventory.moves.open')}
            aria-label={t('inventory.moves.open')}
            data-testid={`stock-moves-${rowKey(row)}`}
            onClick={() => setPanel({ kind: 'moves', row })}
          />
          <Link to={`/trace?lotId=${row.lotId}`} title={t('inventory.stock.trace')}>
            <Button
              size="small"
              type="text"
              icon={<NodeIndexOutlined />}
              aria-label={t('inventory.stock.trace')}
            />
          </Link>
          {canWrite && (
            <Button
              size="small"
              type="text"
              icon={<DiffOutlined />}
              title={t('inventory.adjustment.title')}
              aria-label={t('inventory.adjustment.title')}
              data-testid={`stock-adjust-${rowKey(row)}`}
              onClick={() => setPanel({ kind: 'adjust', row })}
            />
          )}
        </Flex>
      ),
    },
  ];

  const filterWidth = isMobile ? '100%' : 170;

  return (
    <Card
      title={t('inventory.stock.title')}
      extra={
        canWrite && (
          <Button
            icon={<DiffOutlined />}
            data-testid="stock-adjust"
            aria-label={t('inventory.adjustment.title')}
            onClick={() => setPanel({ kind: 'adjust' })}
          >
            {isMobile ? null : t('inventory.adjustment.title')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="stock-search"
            value={list.q}
            placeholder={t('inventory.stock.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <WarehouseSelect
            allowClear
            testId="stock-filter-warehouse"
            placeholder={t('inventory.fields.warehouse')}
            value={list.filters.warehouseId ? Number(list.filters.warehouseId) : undefined}
            onChange={(warehouseId) => list.update({ filters: { warehouseId: warehouseId?.toString() } })}
            style={{ width: filterWidth }}
          />
          <Select<string>
            allowClear
            data-testid="stock-filter-expiry"
            placeholder={t('inventory.stock.nearExpiry')}
            value={list.filters.nearExpiryDays}
            onChange={(nearExpiryDays?: string) => list.update({ filters: { nearExpiryDays } })}
            options={NEAR_EXPIRY_HORIZONS.map((days) => ({
              value: String(days),
              label: t('inventory.stock.expiringWithin', { count: days }),
            }))}
            style={{ width: filterWidth }}
          />
          <Checkbox
            data-testid="stock-filter-available"
            checked={list.filters.onlyAvailable === 'true'}
            onChange={(event) =>
              list.update({ filters: { onlyAvailable: event.target.checked ? 'true' : undefined } })
            }
          >
            {t('inventory.stock.onlyAvailable')}
          </Checkbox>
          <Checkbox
            data-testid="stock-filter-empty"
            checked={list.filters.includeEmpty === 'true'}
            onChange={(event) =>
              list.update({ filters: { includeEmpty: event.target.checked ? 'true' : undefined } })
            }
          >
            {t('inventory.stock.includeEmpty')}
          </Checkbox>
        </Flex>
        <ErrorAlert error={stock.error} testId="stock-error" />
        <Table<StockBalance>
          data-testid="stock-table"
          rowKey={rowKey}
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={stock.data?.items ?? []}
          loading={stock.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: stock.data?.total ?? 0,
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
      {panel.kind === 'adjust' && (
        <AdjustmentDrawer
          row={panel.row}
          onClose={() => setPanel({ kind: 'none' })}
          onSaved={() => {
            void message.success(t('inventory.adjustment.posted'));
            setPanel({ kind: 'none' });
          }}
        />
      )}
      {panel.kind === 'moves' && <MovesDrawer row={panel.row} onClose={() => setPanel({ kind: 'none' })} />}
    </Card>
  );
}
