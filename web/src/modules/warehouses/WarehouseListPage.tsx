import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Warehouse } from '../../../../contracts/warehouses.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import { WarehouseFormDrawer } from './WarehouseFormDrawer.tsx';
import { fetchWarehouse, useDeleteWarehouse, useWarehouseList, warehouseKeys } from './warehouses.api.ts';

const FILTER_KEYS = ['regionId', 'isColdChain', 'isActive'] as const;

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; warehouse: Warehouse };

export function WarehouseListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('masterdata:write');
  const list = useListState(FILTER_KEYS);
  const warehouses = useWarehouseList(list.query);
  const deleteWarehouse = useDeleteWarehouse();
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });
  useEditFromLink({
    queryKey: warehouseKeys.detail,
    fetch: fetchWarehouse,
    enabled: canWrite,
    onOpen: (warehouse) => setDrawer({ mode: 'edit', warehouse }),
  });

  async function remove(warehouse: Warehouse) {
    try {
      await deleteWarehouse.mutateAsync(warehouse.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<Warehouse> = [
    {
      ...sortable('code'),
      title: t('warehouses.fields.code'),
      dataIndex: 'code',
      width: 120,
      fixed: isMobile ? undefined : 'left',
    },
    { ...sortable('name'), title: t('warehouses.fields.name'), dataIndex: 'name', width: 200 },
    { ...sortable('region'), title: t('warehouses.fields.region'), dataIndex: 'regionName', width: 120 },
    {
      key: 'address',
      title: t('warehouses.fields.address'),
      dataIndex: 'address',
      width: 240,
      render: (address: string | null) => address ?? EMPTY_VALUE,
    },
    {
      key: 'isColdChain',
      title: t('warehouses.fields.isColdChain'),
      dataIndex: 'isColdChain',
      width: 100,
      render: (isColdChain: boolean) =>
        isColdChain ? (
          <Tag color="geekblue">{t('warehouses.coldChain')}</Tag>
        ) : (
          <Tag>{t('warehouses.ambient')}</Tag>
        ),
    },
    {
      key: 'isActive',
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 80,
      render: (isActive: boolean) =>
        isActive ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
    },
    {
      ...sortable('updatedAt'),
      title: t('warehouses.fields.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      fixed: isMobile ? undefined : 'right',
      render: (_value, warehouse) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`warehouse-edit-${warehouse.id}`}
            onClick={() => setDrawer({ mode: 'edit', warehouse })}
          />
          <Popconfirm
            title={t('warehouses.deleteConfirm', { name: warehouse.name })}
            description={t('warehouses.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(warehouse)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`warehouse-delete-${warehouse.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  const filterWidth = isMobile ? '100%' : 150;

  return (
    <Card
      title={t('warehouses.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/warehouses/export"
            query={list.query}
            baseName="warehouses"
            testId="warehouses-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="warehouse-new"
              aria-label={t('warehouses.new')}
              onClick={() => setDrawer({ mode: 'create' })}
            >
              {isMobile ? null : t('warehouses.new')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="warehouses-search"
            value={list.q}
            placeholder={t('warehouses.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <RegionTreeSelect
            allowClear
            testId="warehouses-filter-region"
            placeholder={t('warehouses.filters.region')}
            value={list.filters.regionId ? Number(list.filters.regionId) : undefined}
            onChange={(regionId) => list.update({ filters: { regionId: regionId?.toString() } })}
            style={{ width: isMobile ? '100%' : 180 }}
          />
          <Select
            allowClear
            data-testid="warehouses-filter-cold-chain"
            placeholder={t('warehouses.filters.coldChain')}
            value={list.filters.isColdChain}
            onChange={(isColdChain?: string) => list.update({ filters: { isColdChain } })}
            options={[
              { value: 'true', label: t('warehouses.coldChain') },
              { value: 'false', label: t('warehouses.ambient') },
            ]}
            style={{ width: filterWidth }}
          />
          <Select
            allowClear
            data-testid="warehouses-filter-active"
            placeholder={t('warehouses.filters.active')}
            value={list.filters.isActive}
            onChange={(isActive?: string) => list.update({ filters: { isActive } })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: filterWidth }}
          />
        </Flex>
        <ErrorAlert error={warehouses.error} testId="warehouses-error" />
        <Table<Warehouse>
          data-testid="warehouses-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={warehouses.data?.items ?? []}
          loading={warehouses.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: warehouses.data?.total ?? 0,
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
      {drawer.mode !== 'closed' && (
        <WarehouseFormDrawer
          warehouse={drawer.mode === 'edit' ? drawer.warehouse : undefined}
          onClose={() => setDrawer({ mode: 'closed' })}
          onSaved={() => {
            void message.success(drawer.mode === 'create' ? t('common.created') : t('common.saved'));
            setDrawer({ mode: 'closed' });
          }}
        />
      )}
    </Card>
  );
}
