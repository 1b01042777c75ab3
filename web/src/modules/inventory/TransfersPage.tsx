import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TransferSummary, transferStatuses } from '../../../../contracts/inventory.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useTransferList } from './inventory.api.ts';
import { WarehouseSelect } from './pickers.tsx';
import { TransferDetailDrawer } from './TransferDetailDrawer.tsx';
import { TransferFormDrawer } from './TransferFormDrawer.tsx';
import { TransferStatusTag } from './TransferStatusTag.tsx';

// `open` names the transfer shown in the drawer, so a link can open it.
const FILTER_KEYS = ['status', 'warehouseId', 'open'] as const;

export function TransfersPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('inventory:write');
  const list = useListState(FILTER_KEYS);
  const { open, ...listQuery } = list.query;
  const transfers = useTransferList(listQuery);
  const [isCreating, setCreating] = useState(false);
  const openId = Number(open);
  const setOpen = (id: number | undefined) =>
    list.update({ page: list.page, filters: { open: id?.toString() } });

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<TransferSummary> = [
    {
      ...sortable('number'),
      title: t('inventory.transfers.number'),
      dataIndex: 'number',
      width: 170,
      render: (number: string, transfer) => (
        <Button
          type="link"
          style={{ padding: 0 }}
          data-testid={`transfer-open-${transfer.id}`}
          onClick={() => setOpen(transfer.id)}
        >
          {number}
        </Button>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: TransferSummary['status']) => <TransferStatusTag status={status} />,
    },
    { key: 'from', title: t('inventory.transfers.from'), dataIndex: 'fromWarehouseName', width: 150 },
    { key: 'to', title: t('inventory.transfers.to'), dataIndex: 'toWarehouseName', width: 150 },
    {
      ...sortable('dispatchedOn'),
      title: t('inventory.transfers.dispatchedOn'),
      dataIndex: 'dispatchedOn',
      width: 120,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'receivedOn',
      title: t('inventory.transfers.receivedOn'),
      dataIndex: 'receivedOn',
      width: 120,
      render: (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE),
    },
  ];

  return (
    <Card
      title={t('inventory.transfers.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="transfer-new"
            aria-label={t('inventory.transfers.new')}
            onClick={() => setCreating(true)}
          >
            {isMobile ? null : t('inventory.transfers.new')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="transfers-search"
            value={list.q}
            placeholder={t('inventory.transfers.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 220 }}
          />
          <Select<string>
            allowClear
            data-testid="transfers-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={transferStatuses.map((value) => ({
              value,
              label: t(`inventory.transferStatuses.${value}`),
            }))}
            style={{ width: isMobile ? '100%' : 150 }}
          />
          <WarehouseSelect
            allowClear
            testId="transfers-filter-warehouse"
            placeholder={t('inventory.fields.warehouse')}
            value={list.filters.warehouseId ? Number(list.filters.warehouseId) : undefined}
            onChange={(warehouseId) => list.update({ filters: { warehouseId: warehouseId?.toString() } })}
            style={{ width: isMobile ? '100%' : 180 }}
          />
        </Flex>
        <ErrorAlert error={transfers.error} testId="transfers-error" />
        <Table<TransferSummary>
          data-testid="transfers-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={transfers.data?.items ?? []}
          loading={transfers.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: transfers.data?.total ?? 0,
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
      {isCreating && (
        <TransferFormDrawer
          onClose={() => setCreating(false)}
          onSaved={(transfer) => {
            void message.success(t('inventory.transfers.dispatched', { number: transfer.number }));
            setCreating(false);
            setOpen(transfer.id);
          }}
        />
      )}
      {Number.isInteger(openId) && openId > 0 && (
        <TransferDetailDrawer transferId={openId} onClose={() => setOpen(undefined)} />
      )}
    </Card>
  );
}
