import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { licenceStatuses, type Supplier, supplierKinds } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { LicenceStatusTag } from './LicenceStatusTag.tsx';
import { SupplierFormDrawer } from './SupplierFormDrawer.tsx';
import { fetchSupplier, supplierKeys, useDeleteSupplier, useSupplierList } from './suppliers.api.ts';

const FILTER_KEYS = ['kind', 'licenceStatus', 'isActive'] as const;

const kindColours: Record<Supplier['kind'], string> = {
  manufacturer: 'blue',
  supplier: 'cyan',
  both: 'geekblue',
};

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; supplier: Supplier };

export function SupplierListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('masterdata:write');
  const list = useListState(FILTER_KEYS);
  const suppliers = useSupplierList(list.query);
  const deleteSupplier = useDeleteSupplier();
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });
  useEditFromLink({
    queryKey: supplierKeys.detail,
    fetch: fetchSupplier,
    enabled: canWrite,
    onOpen: (supplier) => setDrawer({ mode: 'edit', supplier }),
  });

  async function remove(supplier: Supplier) {
    try {
      await deleteSupplier.mutateAsync(supplier.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

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
      title: t('suppliers.fields.updatedAt'),
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
      render: (_value, supplier) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`supplier-edit-${supplier.id}`}
            onClick={() => setDrawer({ mode: 'edit', supplier })}
          />
          <Popconfirm
            title={t('suppliers.deleteConfirm', { name: supplier.name })}
            description={t('suppliers.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(supplier)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`supplier-delete-${supplier.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  const filterWidth = isMobile ? '100%' : 160;

  return (
    <Card
      title={t('suppliers.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/suppliers/export"
            query={list.query}
            baseName="suppliers"
            testId="suppliers-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="supplier-new"
              aria-label={t('suppliers.new')}
              onClick={() => setDrawer({ mode: 'create' })}
            >
              {isMobile ? null : t('suppliers.new')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
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
          <Select
            allowClear
            data-testid="suppliers-filter-active"
            placeholder={t('suppliers.filters.active')}
            value={list.filters.isActive}
            onChange={(isActive?: string) => list.update({ filters: { isActive } })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: filterWidth }}
          />
        </Flex>
        <ErrorAlert error={suppliers.error} testId="suppliers-error" />
        <Table<Supplier>
          data-testid="suppliers-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={suppliers.data?.items ?? []}
          loading={suppliers.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: suppliers.data?.total ?? 0,
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
        <SupplierFormDrawer
          supplier={drawer.mode === 'edit' ? drawer.supplier : undefined}
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
