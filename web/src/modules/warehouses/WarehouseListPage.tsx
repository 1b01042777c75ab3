import { Flex, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Warehouse } from '../../../../contracts/warehouses.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ActiveFilter, activeColumn } from '../../shared/ActiveStatus.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { ListPageCard, NewButton } from '../../shared/ListPageCard.tsx';
import { ListTable } from '../../shared/ListTable.tsx';
import { sortOrderOf, useListState } from '../../shared/list.ts';
import { actionsColumn, RowActions } from '../../shared/RowActions.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { useRecordDrawer } from '../../shared/useRecordDrawer.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import { WarehouseFormDrawer } from './WarehouseFormDrawer.tsx';
import { fetchWarehouse, useDeleteWarehouse, useWarehouseList, warehouseKeys } from './warehouses.api.ts';

const FILTER_KEYS = ['regionId', 'isColdChain', 'isActive'] as const;

export function WarehouseListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('masterdata:write');
  const list = useListState(FILTER_KEYS);
  const warehouses = useWarehouseList(list.query);
  const deleteWarehouse = useDeleteWarehouse();
  const drawer = useRecordDrawer<Warehouse>();
  useEditFromLink({
    queryKey: warehouseKeys.detail,
    fetch: fetchWarehouse,
    enabled: canWrite,
    onOpen: drawer.openEdit,
  });

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
    activeColumn(t('common.status')),
    {
      ...sortable('updatedAt'),
      title: t('warehouses.fields.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];
  if (canWrite) {
    columns.push(
      actionsColumn(t('common.actions'), isMobile, (warehouse) => (
        <RowActions
          editTestId={`warehouse-edit-${warehouse.id}`}
          onEdit={() => drawer.openEdit(warehouse)}
          deleteTestId={`warehouse-delete-${warehouse.id}`}
          deleteTitle={t('warehouses.deleteConfirm', { name: warehouse.name })}
          deleteHint={t('warehouses.deleteHint')}
          onDelete={() => deleteWarehouse.mutateAsync(warehouse.id)}
        />
      )),
    );
  }

  const filterWidth = isMobile ? '100%' : 150;

  return (
    <ListPageCard
      title={t('warehouses.title')}
      actions={
        <>
          <ExportButton
            path="/api/warehouses/export"
            query={list.query}
            baseName="warehouses"
            testId="warehouses-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <NewButton label={t('warehouses.new')} testId="warehouse-new" onClick={drawer.openCreate} />
          )}
        </>
      }
    >
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
        <ActiveFilter
          testId="warehouses-filter-active"
          placeholder={t('warehouses.filters.active')}
          value={list.filters.isActive}
          onChange={(isActive) => list.update({ filters: { isActive } })}
          style={{ width: filterWidth }}
        />
      </Flex>
      <ErrorAlert error={warehouses.error} testId="warehouses-error" />
      <ListTable<Warehouse>
        testId="warehouses-table"
        columns={columns}
        rows={warehouses.data?.items}
        total={warehouses.data?.total}
        loading={warehouses.isFetching}
        list={list}
      />
      {drawer.isOpen && (
        <WarehouseFormDrawer warehouse={drawer.record} onClose={drawer.close} onSaved={drawer.closeSaved} />
      )}
    </ListPageCard>
  );
}
