import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import { type salesContractPage, salesContractStatuses } from '../../../../contracts/sales-contracts.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { ContractStatusTag, ValidityRange, ValidityTag } from './PricingParts.tsx';
import { useContractList } from './pricing.api.ts';
import { canSetPrices } from './pricing.rules.ts';

type ContractSummary = z.infer<typeof salesContractPage>['items'][number];

const FILTER_KEYS = ['status', 'customerId'] as const;

export function ContractListPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const list = useListState(FILTER_KEYS);
  const contracts = useContractList(list.query);
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<ContractSummary> = [
    {
      ...sortable('number'),
      title: t('sales.contracts.fields.number'),
      dataIndex: 'number',
      width: 170,
      render: (number: string, contract) => (
        <Link to={`/sales-contracts/${contract.id}`} data-testid={`contract-link-${contract.id}`}>
          {number}
        </Link>
      ),
    },
    {
      ...sortable('status'),
      title: t('sales.contracts.fields.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: ContractSummary['status']) => <ContractStatusTag status={status} />,
    },
    {
      ...sortable('customer'),
      title: t('sales.contracts.fields.customer'),
      dataIndex: 'customerName',
      width: 220,
    },
    {
      ...sortable('validFrom'),
      title: t('sales.contracts.fields.validity'),
      width: 250,
      render: (_value, contract) => (
        <Flex gap={6} align="center" wrap>
          <ValidityRange validFrom={contract.validFrom} validUntil={contract.validUntil} />
          {contract.status === 'active' && (
            <ValidityTag validFrom={contract.validFrom} validUntil={contract.validUntil} />
          )}
        </Flex>
      ),
    },
    { key: 'currency', title: t('sales.contracts.fields.currency'), dataIndex: 'currency', width: 80 },
    {
      key: 'lineCount',
      title: t('sales.contracts.fields.lineCount'),
      dataIndex: 'lineCount',
      width: 90,
      align: 'right',
    },
  ];

  return (
    <Card
      title={t('sales.contracts.title')}
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
      extra={
        canSetPrices(user) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="contract-create"
            aria-label={t('sales.contracts.create')}
            onClick={() => void navigate('/sales-contracts/new')}
          >
            {isMobile ? null : t('sales.contracts.create')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="contracts-search"
            value={list.q}
            placeholder={t('sales.contracts.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="contracts-filter-status"
            placeholder={t('sales.contracts.fields.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={salesContractStatuses.map((value) => ({
              value,
              label: t(`sales.contracts.statuses.${value}`),
            }))}
            style={{ width: isMobile ? '100%' : 130 }}
          />
          {user.distributorId === null && (
            <CustomerSelect
              allowClear
              testId="contracts-filter-customer"
              placeholder={t('sales.contracts.fields.customer')}
              value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
              onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
              style={{ width: isMobile ? '100%' : 220 }}
            />
          )}
        </Flex>
        <ErrorAlert error={contracts.error} testId="contracts-error" />
        <Table<ContractSummary>
          data-testid="contracts-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={contracts.data?.items ?? []}
          loading={contracts.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('sales.contracts.empty')} /> }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: contracts.data?.total ?? 0,
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
    </Card>
  );
}
