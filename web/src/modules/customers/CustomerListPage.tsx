import { Flex, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Customer, channels, customerTypes } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ActiveFilter, activeColumn } from '../../shared/ActiveStatus.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { ListPageCard, NewButton } from '../../shared/ListPageCard.tsx';
import { ListTable } from '../../shared/ListTable.tsx';
import { sortOrderOf, useListState } from '../../shared/list.ts';
import { actionsColumn, RowActions } from '../../shared/RowActions.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useRecordDrawer } from '../../shared/useRecordDrawer.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import { CustomerFormDrawer } from './CustomerFormDrawer.tsx';
import { useCustomerList, useDeleteCustomer } from './customers.api.ts';
import { customerTypeColours, describeCustomerType } from './customers.labels.ts';

const FILTER_KEYS = ['type', 'channel', 'regionId', 'isActive'] as const;

export function CustomerListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('customers:write');
  const list = useListState(FILTER_KEYS);
  const customers = useCustomerList(list.query);
  const deleteCustomer = useDeleteCustomer();
  const drawer = useRecordDrawer<Customer>();

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<Customer> = [
    {
      ...sortable('code'),
      title: t('customers.fields.code'),
      dataIndex: 'code',
      width: 120,
      fixed: isMobile ? undefined : 'left',
    },
    {
      ...sortable('name'),
      title: t('customers.fields.name'),
      dataIndex: 'name',
      width: 240,
      render: (name: string, customer) => (
        <Link to={`/customers/${customer.id}`} data-testid={`customer-link-${customer.id}`}>
          {name}
        </Link>
      ),
    },
    {
      ...sortable('type'),
      title: t('customers.fields.type'),
      width: 190,
      render: (_value, customer) => {
        const { type, detail } = describeCustomerType(customer, t);
        return (
          <Flex gap={4} wrap>
            <Tag color={customerTypeColours[customer.type]} style={{ marginInlineEnd: 0 }}>
              {type}
            </Tag>
            {detail && <Typography.Text type="secondary">{detail}</Typography.Text>}
          </Flex>
        );
      },
    },
    {
      key: 'channel',
      title: t('customers.fields.channel'),
      dataIndex: 'channel',
      width: 90,
      render: (channel: Customer['channel']) => t(`customers.channels.${channel}`),
    },
    { ...sortable('region'), title: t('customers.fields.region'), dataIndex: 'regionName', width: 120 },
    {
      ...sortable('owner'),
      title: t('customers.fields.owner'),
      dataIndex: 'ownerRepName',
      width: 110,
      render: (name: string | null) => name ?? '—',
    },
    activeColumn(t('common.status')),
    {
      ...sortable('updatedAt'),
      title: t('customers.fields.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];
  if (canWrite) {
    columns.push(
      actionsColumn(t('common.actions'), isMobile, (customer) => (
        <RowActions
          editTestId={`customer-edit-${customer.id}`}
          onEdit={() => drawer.openEdit(customer)}
          deleteTestId={`customer-delete-${customer.id}`}
          deleteTitle={t('customers.deleteConfirm', { name: customer.name })}
          deleteHint={t('customers.deleteHint')}
          onDelete={() => deleteCustomer.mutateAsync(customer.id)}
        />
      )),
    );
  }

  const filterWidth = isMobile ? '100%' : 150;

  return (
    <ListPageCard
      title={t('customers.title')}
      actions={
        <>
          <ExportButton
            path="/api/customers/export"
            query={list.query}
            baseName="customers"
            testId="customers-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <NewButton label={t('customers.new')} testId="customer-new" onClick={drawer.openCreate} />
          )}
        </>
      }
    >
      <Flex gap={8} wrap>
        <SearchInput
          testId="customers-search"
          value={list.q}
          placeholder={t('customers.searchPlaceholder')}
          onSearch={(q) => list.update({ q })}
          style={{ width: isMobile ? '100%' : 260 }}
        />
        <Select
          allowClear
          data-testid="customers-filter-type"
          placeholder={t('customers.filters.type')}
          value={list.filters.type}
          onChange={(type?: string) => list.update({ filters: { type } })}
          options={customerTypes.map((value) => ({ value, label: t(`customers.types.${value}`) }))}
          style={{ width: filterWidth }}
        />
        <Select
          allowClear
          data-testid="customers-filter-channel"
          placeholder={t('customers.filters.channel')}
          value={list.filters.channel}
          onChange={(channel?: string) => list.update({ filters: { channel } })}
          options={channels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
          style={{ width: filterWidth }}
        />
        <RegionTreeSelect
          allowClear
          testId="customers-filter-region"
          placeholder={t('customers.filters.region')}
          value={list.filters.regionId ? Number(list.filters.regionId) : undefined}
          onChange={(regionId) => list.update({ filters: { regionId: regionId?.toString() } })}
          style={{ width: isMobile ? '100%' : 180 }}
        />
        <ActiveFilter
          testId="customers-filter-active"
          placeholder={t('customers.filters.active')}
          value={list.filters.isActive}
          onChange={(isActive) => list.update({ filters: { isActive } })}
          style={{ width: filterWidth }}
        />
      </Flex>
      <ErrorAlert error={customers.error} testId="customers-error" />
      <ListTable<Customer>
        testId="customers-table"
        columns={columns}
        rows={customers.data?.items}
        total={customers.data?.total}
        loading={customers.isFetching}
        list={list}
      />
      {drawer.isOpen && (
        <CustomerFormDrawer customer={drawer.record} onClose={drawer.close} onSaved={drawer.closeSaved} />
      )}
    </ListPageCard>
  );
}
