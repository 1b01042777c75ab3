import { NodeIndexOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Dropdown, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Lot, lotStatuses } from '../../../../contracts/inventory.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { productNameIn } from '../../shared/names.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { NEAR_EXPIRY_HORIZONS } from './expiry.ts';
import { ExpiryTag, LotStatusTag } from './InventoryTags.tsx';
import { type LotAction, useLotList } from './inventory.api.ts';
import { LotActionModal } from './LotActionModal.tsx';
import { ProductSelect } from './pickers.tsx';

const FILTER_KEYS = ['status', 'productId', 'expiringWithinDays', 'withStockOnly'] as const;

/** Which actions a lot's status allows (the server's transitions: recall is final). */
export function allowedLotActions(status: Lot['status']): LotAction[] {
  switch (status) {
    case 'released':
      return ['hold', 'recall'];
    case 'quarantine':
      return ['release', 'hold', 'recall'];
    case 'on_hold':
      return ['release', 'recall'];
    case 'recalled':
      return [];
  }
}

export function LotsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canChange = user.permissions.includes('quality:lots');
  const list = useListState(FILTER_KEYS);
  const lots = useLotList(list.query);
  const [acting, setActing] = useState<{ lot: Lot; action: LotAction } | null>(null);

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });
  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);

  const columns: ColumnsType<Lot> = [
    {
      ...sortable('lotNumber'),
      title: t('inventory.fields.lotNumber'),
      dataIndex: 'lotNumber',
      width: 130,
      fixed: isMobile ? undefined : 'left',
      render: (lotNumber: string, lot) => (
        <Link to={`/trace?lotId=${lot.id}`} data-testid={`lot-trace-${lot.id}`}>
          {lotNumber}
        </Link>
      ),
    },
    {
      ...sortable('sku'),
      title: t('inventory.fields.product'),
      width: 220,
      render: (_value, lot) => (
        <Flex vertical>
          <Typography.Text strong>{lot.sku}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {productNameIn(lang, lot)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      ...sortable('status'),
      title: t('common.status'),
      width: 130,
      render: (_value, lot) => (
        <LotStatusTag status={lot.status} reason={lot.statusReason} recallLevel={lot.recallLevel} />
      ),
    },
    {
      key: 'productionDate',
      title: t('inventory.fields.productionDate'),
      dataIndex: 'productionDate',
      width: 110,
      render: date,
    },
    {
      ...sortable('expiryDate'),
      title: t('inventory.fields.expiryDate'),
      dataIndex: 'expiryDate',
      width: 110,
      render: date,
    },
    {
      key: 'daysToExpiry',
      title: t('inventory.fields.daysToExpiry'),
      width: 150,
      render: (_value, lot) => <ExpiryTag daysToExpiry={lot.daysToExpiry} />,
    },
    { key: 'onHand', title: t('inventory.fields.onHand'), dataIndex: 'onHand', align: 'right', width: 80 },
    {
      key: 'reserved',
      title: t('inventory.fields.reserved'),
      dataIndex: 'reserved',
      align: 'right',
      width: 80,
    },
    {
      key: 'supplier',
      title: t('inventory.fields.supplier'),
      dataIndex: 'supplierName',
      width: 200,
      render: (name: string | null) => name ?? EMPTY_VALUE,
    },
    {
      ...sortable('firstReceivedOn'),
      title: t('inventory.fields.firstReceivedOn'),
      dataIndex: 'firstReceivedOn',
      width: 110,
      render: date,
    },
    {
      key: 'inspectionReportRef',
      title: t('inventory.fields.inspectionReportRef'),
      dataIndex: 'inspectionReportRef',
      width: 130,
      render: (ref: string | null) => ref ?? EMPTY_VALUE,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: canChange ? 150 : 60,
      fixed: isMobile ? undefined : 'right',
      render: (_value, lot) => {
        const actions = canChange ? allowedLotActions(lot.status) : [];
        return (
          <Flex gap={4} align="center">
            <Link to={`/trace?lotId=${lot.id}`} title={t('inventory.stock.trace')}>
              <Button
                size="small"
                type="text"
                icon={<NodeIndexOutlined />}
                aria-label={t('inventory.stock.trace')}
              />
            </Link>
            {actions.length > 0 && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: actions.map((action) => ({
                    key: action,
                    danger: action === 'recall',
                    label: t(`inventory.lots.actions.${action}`),
                    'data-testid': `lot-${action}-${lot.id}`,
                  })),
                  onClick: ({ key }) => setActing({ lot, action: key as LotAction }),
                }}
              >
                <Button size="small" data-testid={`lot-actions-${lot.id}`}>
                  {t('inventory.lots.changeStatus')}
                </Button>
              </Dropdown>
            )}
          </Flex>
        );
      },
    },
  ];

  const filterWidth = isMobile ? '100%' : 160;

  return (
    <Card title={t('inventory.lots.title')} styles={{ body: { padding: isMobile ? 12 : undefined } }}>
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="lots-search"
            value={list.q}
            placeholder={t('inventory.lots.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <ProductSelect
            allowClear
            testId="lots-filter-product"
            placeholder={t('inventory.fields.product')}
            value={list.filters.productId ? Number(list.filters.productId) : undefined}
            onChange={(productId) => list.update({ filters: { productId: productId?.toString() } })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="lots-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={lotStatuses.map((value) => ({ value, label: t(`inventory.lotStatuses.${value}`) }))}
            style={{ width: filterWidth }}
          />
          <Select<string>
            allowClear
            data-testid="lots-filter-expiry"
            placeholder={t('inventory.stock.nearExpiry')}
            value={list.filters.expiringWithinDays}
            onChange={(expiringWithinDays?: string) => list.update({ filters: { expiringWithinDays } })}
            options={NEAR_EXPIRY_HORIZONS.map((days) => ({
              value: String(days),
              label: t('inventory.stock.expiringWithin', { count: days }),
            }))}
            style={{ width: filterWidth }}
          />
          <Checkbox
            data-testid="lots-filter-stock"
            checked={list.filters.withStockOnly === 'true'}
            onChange={(event) =>
              list.update({ filters: { withStockOnly: event.target.checked ? 'true' : undefined } })
            }
          >
            {t('inventory.lots.withStockOnly')}
          </Checkbox>
        </Flex>
        <ErrorAlert error={lots.error} testId="lots-error" />
        <Table<Lot>
          data-testid="lots-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={lots.data?.items ?? []}
          loading={lots.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: lots.data?.total ?? 0,
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
      {acting && (
        <LotActionModal
          lot={acting.lot}
          action={acting.action}
          onClose={() => setActing(null)}
          onReload={() => {
            setActing(null);
            void lots.refetch();
          }}
          onDone={(lot) => {
            void message.success(t(`inventory.lots.done.${acting.action}`, { lot: lot.lotNumber }));
            setActing(null);
          }}
        />
      )}
    </Card>
  );
}
