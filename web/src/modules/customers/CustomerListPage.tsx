import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Customer, channels, customerTypes } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { RegionTreeSelect } from '../regions/index.ts';
import { CustomerFormDrawer } from './CustomerFormDrawer.tsx';
import { useCustomerList, useDeleteCustomer } from './customers.api.ts';
import { customerTypeColours, describeCustomerType } from './customers.labels.ts';

const FILTER_KEYS = ['type', 'channel', 'regionId', 'isActive'] as const;

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; customer: Customer };

export function CustomerListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('customers:write');
  const list = useListState(FILTER_KEYS);
  const customers = useCustomerList(list.query);
  const deleteCustomer = useDeleteCustomer();
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });

  async function remove(customer: Customer) {
    try {
      await deleteCustomer.mutateAsync(customer.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

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
      title: t('customers.fields.updatedAt'),
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
      render: (_value, customer) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`customer-edit-${customer.id}`}
            onClick={() => setDrawer({ mode: 'edit', customer })}
          />
          <Popconfirm
            title={t('customers.deleteConfirm', { name: customer.name })}
            description={t('customers.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(customer)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`customer-delete-${customer.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  const filterWidth = isMobile ? '100%' : 150;

  return (
    <Card
      title={t('customers.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/customers/export"
            query={list.query}
            baseName="customers"
            testId="customers-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="customer-new"
              aria-label={t('customers.new')}
              onClick={() => setDrawer({ mode: 'create' })}
            >
              {isMobile ? null : t('customers.new')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
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
          <Select
            allowClear
            data-testid="customers-filter-active"
            placeholder={t('customers.filters.active')}
            value={list.filters.isActive}
            onChange={(isActive?: string) => list.update({ filters: { isActive } })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: filterWidth }}
          />
        </Flex>
        <ErrorAlert error={customers.error} testId="customers-error" />
        <Table<Customer>
          data-testid="customers-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={customers.data?.items ?? []}
          loading={customers.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: customers.data?.total ?? 0,
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
        <CustomerFormDrawer
          customer={drawer.mode === 'edit' ? drawer.customer : undefined}
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
