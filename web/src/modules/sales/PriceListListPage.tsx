import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { channels } from '../../../../contracts/customers.ts';
import { type PriceList, priceListKinds } from '../../../../contracts/pricing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { PriceListFormDrawer } from './PriceListFormDrawer.tsx';
import { ValidityRange, ValidityTag } from './PricingParts.tsx';
import { usePriceListList } from './pricing.api.ts';
import { canSetPrices } from './pricing.rules.ts';

const FILTER_KEYS = ['kind', 'channel', 'isActive'] as const;

/** Channel, level or customer: whom the list prices for. */
export function PriceListAudience({ list }: { list: PriceList }) {
  const { t } = useTranslation();
  if (list.kind === 'customer') return <span>{list.customerName ?? EMPTY_VALUE}</span>;
  if (!list.channel) return <span>{EMPTY_VALUE}</span>;
  const level =
    list.channel === 'distributor'
      ? list.distributorLevel === null
        ? t('sales.priceLists.allLevels')
        : t('sales.priceLists.level', { level: list.distributorLevel })
      : null;
  return (
    <span>
      {t(`customers.channels.${list.channel}`)}
      {level ? ` · ${level}` : ''}
    </span>
  );
}

export function PriceListListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useListState(FILTER_KEYS);
  const priceLists = usePriceListList(list.query);
  const [isCreating, setCreating] = useState(false);
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<PriceList> = [
    {
      ...sortable('code'),
      title: t('sales.priceLists.fields.code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string, priceList) => (
        <Link to={`/price-lists/${priceList.id}`} data-testid={`price-list-link-${priceList.id}`}>
          {code}
        </Link>
      ),
    },
    { ...sortable('name'), title: t('sales.priceLists.fields.name'), dataIndex: 'name', width: 220 },
    {
      ...sortable('kind'),
      title: t('sales.priceLists.fields.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: PriceList['kind']) => t(`sales.priceLists.kinds.${kind}`),
    },
    {
      ...sortable('channel'),
      title: `${t('sales.priceLists.fields.channel')} / ${t('sales.priceLists.fields.customer')}`,
      width: 200,
      render: (_value, priceList) => <PriceListAudience list={priceList} />,
    },
    { key: 'currency', title: t('sales.priceLists.fields.currency'), dataIndex: 'currency', width: 80 },
    {
      ...sortable('validFrom'),
      title: t('sales.priceLists.fields.validity'),
      width: 230,
      render: (_value, priceList) => (
        <Flex gap={6} align="center" wrap>
          <ValidityRange validFrom={priceList.validFrom} validUntil={priceList.validUntil} />
          <ValidityTag validFrom={priceList.validFrom} validUntil={priceList.validUntil} />
        </Flex>
      ),
    },
    {
      key: 'isActive',
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 90,
      render: (isActive: boolean) => (
        <Tag color={isActive ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
          {isActive ? t('common.active') : t('common.inactive')}
        </Tag>
      ),
    },
    {
      key: 'itemCount',
      title: t('sales.priceLists.fields.itemCount'),
      dataIndex: 'itemCount',
      width: 90,
      align: 'right',
    },
    {
      ...sortable('updatedAt'),
      title: t('sales.priceLists.fields.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];

  return (
    <Card
      title={t('sales.priceLists.title')}
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
      extra={
        canSetPrices(user) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="price-list-create"
            aria-label={t('sales.priceLists.create')}
            onClick={() => setCreating(true)}
          >
            {isMobile ? null : t('sales.priceLists.create')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="price-lists-search"
            value={list.q}
            placeholder={t('sales.priceLists.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="price-lists-filter-kind"
            placeholder={t('sales.priceLists.fields.kind')}
            value={list.filters.kind}
            onChange={(kind?: string) => list.update({ filters: { kind } })}
            options={priceListKinds.map((value) => ({ value, label: t(`sales.priceLists.kinds.${value}`) }))}
            style={{ width: isMobile ? '100%' : 150 }}
          />
          <Select<string>
            allowClear
            data-testid="price-lists-filter-channel"
            placeholder={t('sales.priceLists.fields.channel')}
            value={list.filters.channel}
            onChange={(channel?: string) => list.update({ filters: { channel } })}
            options={channels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
            style={{ width: isMobile ? '100%' : 130 }}
          />
          <Select<string>
            allowClear
            data-testid="price-lists-filter-active"
            placeholder={t('common.status')}
            value={list.filters.isActive}
            onChange={(isActive?: string) => list.update({ filters: { isActive } })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: isMobile ? '100%' : 110 }}
          />
        </Flex>
        <ErrorAlert error={priceLists.error} testId="price-lists-error" />
        <Table<PriceList>
          data-testid="price-lists-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={priceLists.data?.items ?? []}
          loading={priceLists.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('sales.priceLists.empty')} /> }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: priceLists.data?.total ?? 0,
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
        <PriceListFormDrawer
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            void message.success(t('sales.priceLists.created', { code: saved.code }));
            void navigate(`/price-lists/${saved.id}`);
          }}
        />
      )}
    </Card>
  );
}
