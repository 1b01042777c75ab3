import { Flex, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { licenceStatuses, type Supplier, supplierKinds } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ActiveFilter, activeColumn } from '../../shared/ActiveStatus.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../shared/format.ts';
import { ListPageCard, NewButton } from '../../shared/ListPageCard.tsx';
import { ListTable } from '../../shared/ListTable.tsx';
import { sortOrderOf, useListState } from '../../shared/list.ts';
import { actionsColumn, RowActions } from '../../shared/RowActions.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { useRecordDrawer } from '../../shared/useRecordDrawer.ts';
import { LicenceStatusTag } from './LicenceStatusTag.tsx';
import { SupplierFormDrawer } from './SupplierFormDrawer.tsx';
import { fetchSupplier, supplierKeys, useDeleteSupplier, useSupplierList } from './suppliers.api.ts';

const FILTER_KEYS = ['kind', 'licenceStatus', 'isActive'] as const;

const kindColours: Record<Supplier['kind'], string> = {
  manufacturer: 'blue',
  supplier: 'cyan',
  both: 'geekblue',
};

export function SupplierListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('masterdata:write');
  const list = useListState(FILTER_KEYS);
  const suppliers = useSupplierList(list.query);
  const deleteSupplier = useDeleteSupplier();
  const drawer = useRecordDrawer<Supplier>();
  useEditFromLink({
    queryKey: supplierKeys.detail,
    fetch: fetchSupplier,
    enabled: canWrite,
    onOpen: drawer.openEdit,
  });

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });
  const text = (value: string | null) => value ?? EMPTY_VALUE;

  const columns: ColumnsType<Supplier> = [
    {
      ...sortable('code'),
      title: t('suppliers.fields.code'),
      dataIndex: 'code',
      width: 130,
      fixed: isMobile ? undefined : 'left',
    },
    { ...sortable('name'), title: t('suppliers.fields.name'), dataIndex: 'name', width: 260 },
    {
      ...sortable('kind'),
      title: t('suppliers.fields.kind'),
      dataIndex: 'kind',
      width: 150,
      render: (kind: Supplier['kind']) => (
        <Tag color={kindColours[kind]} style={{ marginInlineEnd: 0 }}>
          {t(`suppliers.kinds.${kind}`)}
        </Tag>
      ),
    },
    { ...sortable('country'), title: t('suppliers.fields.country'), dataIndex: 'country', width: 90 },
    {
      key: 'licenceNumber',
      title: t('suppliers.fields.licenceNumber'),
      dataIndex: 'licenceNumber',
      width: 220,
      render: text,
    },
    {
      ...sortable('licenceValidUntil'),
      title: t('suppliers.fields.licenceValidUntil'),
      dataIndex: 'licenceValidUntil',
      width: 130,
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
    {
      key: 'licenceStatus',
      title: t('suppliers.fields.licenceStatus'),
      dataIndex: 'licenceStatus',
      width: 110,
      render: (status: Supplier['licenceStatus'], supplier) => (
        <span data-testid={`supplier-licence-${supplier.id}`}>
          <LicenceStatusTag status={status} />
        </span>
      ),
    },
    {
      key: 'contactName',
      title: t('suppliers.fields.contactName'),
      width: 150,
      render: (_value, supplier) =>
        supplier.contactName || supplier.contactPhone
          ? [supplier.contactName, supplier.contactPhone].filter(Boolean).join(' · ')
          : EMPTY_VALUE,
    },
    activeColumn(t('common.status')),
    {
      ...sortable('updatedAt'),
      title: t('suppliers.fields.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];
  if (canWrite) {
    columns.push(
      actionsColumn(t('common.actions'), isMobile, (supplier) => (
        <RowActions
          editTestId={`supplier-edit-${supplier.id}`}
          onEdit={() => drawer.openEdit(supplier)}
          deleteTestId={`supplier-delete-${supplier.id}`}
          deleteTitle={t('suppliers.deleteConfirm', { name: supplier.name })}
          deleteHint={t('suppliers.deleteHint')}
          onDelete={() => deleteSupplier.mutateAsync(supplier.id)}
        />
      )),
    );
  }

  const filterWidth = isMobile ? '100%' : 160;

  return (
    <ListPageCard
      title={t('suppliers.title')}
      actions={
        <>
          <ExportButton
            path="/api/suppliers/export"
            query={list.query}
            baseName="suppliers"
            testId="suppliers-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <NewButton label={t('suppliers.new')} testId="supplier-new" onClick={drawer.openCreate} />
          )}
        </>
      }
    >
      <Flex gap={8} wrap>
        <SearchInput
          testId="suppliers-search"
          value={list.q}
          placeholder={t('suppliers.searchPlaceholder')}
          onSearch={(q) => list.update({ q })}
          style={{ width: isMobile ? '100%' : 300 }}
        />
        <Select
          allowClear
          data-testid="suppliers-filter-kind"
          placeholder={t('suppliers.filters.kind')}
          value={list.filters.kind}
          onChange={(kind?: string) => list.update({ filters: { kind } })}
          options={supplierKinds.map((value) => ({ value, label: t(`suppliers.kinds.${value}`) }))}
          style={{ width: filterWidth }}
        />
        <Select
          allowClear
          data-testid="suppliers-filter-licence"
          placeholder={t('suppliers.filters.licenceStatus')}
          value={list.filters.licenceStatus}
          onChange={(licenceStatus?: string) => list.update({ filters: { licenceStatus } })}
          options={licenceStatuses.map((value) => ({
            value,
            label: t(`suppliers.licenceStatuses.${value}`),
          }))}
          style={{ width: filterWidth }}
        />
        <ActiveFilter
          testId="suppliers-filter-active"
          placeholder={t('suppliers.filters.active')}
          value={list.filters.isActive}
          onChange={(isActive) => list.update({ filters: { isActive } })}
          style={{ width: filterWidth }}
        />
      </Flex>
      <ErrorAlert error={suppliers.error} testId="suppliers-error" />
      <ListTable<Supplier>
        testId="suppliers-table"
        columns={columns}
        rows={suppliers.data?.items}
        total={suppliers.data?.total}
        loading={suppliers.isFetching}
        list={list}
      />
      {drawer.isOpen && (
        <SupplierFormDrawer supplier={drawer.record} onClose={drawer.close} onSaved={drawer.closeSaved} />
      )}
    </ListPageCard>
  );
}
