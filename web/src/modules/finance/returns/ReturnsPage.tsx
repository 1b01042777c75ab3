import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { returnStatuses, type salesReturnSummary } from '../../../../../contracts/finance.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { PAGE_SIZES, useListState } from '../../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { SearchInput } from '../../../shared/SearchInput.tsx';
import { CustomerSelect } from '../CustomerSelect.tsx';
import { ReturnStatusTag } from '../FinanceTags.tsx';
import { useReturnList } from '../finance.api.ts';
import { ReturnDetailDrawer } from './ReturnDetailDrawer.tsx';
import { ReturnFormDrawer } from './ReturnFormDrawer.tsx';

// `open` names the return shown in the drawer, so a link can open it.
const FILTER_KEYS = ['status', 'customerId', 'open'] as const;

type ReturnSummary = z.infer<typeof salesReturnSummary>;

export function ReturnsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  // The server takes returns from finance (with a credit note) and from the shipping desk.
  const canCreate =
    user.permissions.includes('finance:write') || user.permissions.includes('shipments:write');
  const canSearchCustomers = user.permissions.includes('customers:read');
  const list = useListState(FILTER_KEYS);
  const { open, ...listQuery } = list.query;
  const returns = useReturnList(listQuery);
  const [isCreating, setCreating] = useState(false);
  const openId = Number(open);
  const setOpen = (id: number | undefined) =>
    list.update({ page: list.page, filters: { open: id?.toString() } });

  const columns: ColumnsType<ReturnSummary> = [
    {
      key: 'number',
      title: t('finance.returns.number'),
      dataIndex: 'number',
      width: 170,
      render: (number: string, row) => (
        <Button
          type="link"
          style={{ padding: 0 }}
          data-testid={`return-open-${row.id}`}
          onClick={() => setOpen(row.id)}
        >
          {number}
        </Button>
      ),
    },
    {
      key: 'status',
      title: t('common.status'),
      width: 100,
      render: (_v, row) => <ReturnStatusTag status={row.status} />,
    },
    { key: 'customer', title: t('finance.fields.customer'), dataIndex: 'customerName', width: 220 },
    { key: 'shipment', title: t('finance.shipment.number'), dataIndex: 'shipmentNumber', width: 170 },
    {
      key: 'date',
      title: t('finance.returns.returnDate'),
      width: 110,
      render: (_v, row) => formatDate(row.returnDate, lang),
    },
    { key: 'reason', title: t('finance.fields.reason'), dataIndex: 'reason', width: 220 },
    {
      key: 'createdAt',
      title: t('finance.fields.createdAt'),
      width: 150,
      render: (_v, row) => formatDateTime(row.createdAt, lang),
    },
  ];

  return (
    <Card
      title={t('finance.returns.title')}
      extra={
        canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="return-new"
            aria-label={t('finance.returns.new')}
            onClick={() => setCreating(true)}
          >
            {isMobile ? null : t('finance.returns.new')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="returns-search"
            value={list.q}
            placeholder={t('finance.returns.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="returns-filter-status"
            placeholder={t('common.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={returnStatuses.map((value) => ({ value, label: t(`finance.returnStatuses.${value}`) }))}
            style={{ width: isMobile ? '100%' : 150 }}
          />
          {canSearchCustomers && (
            <CustomerSelect
              allowClear
              testId="returns-filter-customer"
              placeholder={t('finance.fields.customer')}
              value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
              onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
              style={{ width: isMobile ? '100%' : 220 }}
            />
          )}
        </Flex>
        <ErrorAlert error={returns.error} testId="returns-error" />
        <Table<ReturnSummary>
          data-testid="returns-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={returns.data?.items ?? []}
          loading={returns.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: returns.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
            onChange: (page, pageSize) => list.update({ page, pageSize }),
          }}
        />
      </Flex>
      {isCreating && (
        <ReturnFormDrawer
          onClose={() => setCreating(false)}
          onSaved={(salesReturn) => {
            void message.success(t('finance.returns.registered', { number: salesReturn.number }));
            setCreating(false);
            setOpen(salesReturn.id);
          }}
        />
      )}
      {Number.isInteger(openId) && openId > 0 && (
        <ReturnDetailDrawer returnId={openId} onClose={() => setOpen(undefined)} />
      )}
    </Card>
  );
}
