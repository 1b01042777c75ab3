import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { PriceListItem } from '../../../../contracts/pricing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { productNameIn } from '../../shared/names.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { PriceListFormDrawer } from './PriceListFormDrawer.tsx';
import { PriceListAudience } from './PriceListListPage.tsx';
import { FloorPriceCell, ValidityRange, ValidityTag } from './PricingParts.tsx';
import { usePriceList } from './pricing.api.ts';
import { canSeeFloorPrice, canSetPrices } from './pricing.rules.ts';

export function PriceListDetailPage() {
  const { id } = useParams();
  const priceListId = Number(id);
  if (!Number.isInteger(priceListId) || priceListId <= 0) return <NotFoundPage />;
  return <PriceListDetail priceListId={priceListId} />;
}

function PriceListDetail({ priceListId }: { priceListId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const priceList = usePriceList(priceListId);
  const [isEditing, setEditing] = useState(false);
  const backLink = (
    <Link to="/price-lists">
      <ArrowLeftOutlined /> {t('sales.priceLists.backToList')}
    </Link>
  );
  if (priceList.isLoading) return <Skeleton active />;
  if (!priceList.data) {
    return isApiError(priceList.error) && priceList.error.status === 404 ? (
      <Result status="404" title={t('sales.priceLists.notFound')} extra={backLink} />
    ) : (
      <Flex vertical gap={16}>
        {backLink}
        <ErrorAlert error={priceList.error} testId="price-list-load-error" />
      </Flex>
    );
  }
  const list = priceList.data;
  const showFloor = canSeeFloorPrice(user);

  const columns: ColumnsType<PriceListItem> = [
    { key: 'sku', title: t('sales.priceLines.sku'), dataIndex: 'sku', width: 150 },
    {
      key: 'name',
      title: t('sales.priceLines.name'),
      width: 280,
      render: (_value, item) =>
        productNameIn(lang, { productName: item.productNameZh, productNameEn: item.productNameEn }),
    },
    {
      key: 'unitPrice',
      title: t('sales.priceLines.unitPrice'),
      dataIndex: 'unitPrice',
      width: 140,
      align: 'right',
      render: (unitPrice: number) => formatAmount(unitPrice, list.currency, lang),
    },
    ...(showFloor
      ? [
          {
            key: 'floor',
            title: t('sales.priceLines.floorPrice'),
            width: 180,
            render: (_value: unknown, item: PriceListItem) => (
              <FloorPriceCell
                productId={item.productId}
                unitPrice={item.unitPrice}
                currency={list.currency}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16} data-testid="price-list-detail">
      {backLink}
      <Card
        title={`${list.code} · ${list.name}`}
        size="small"
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
        extra={
          canSetPrices(user) && (
            <Button icon={<EditOutlined />} data-testid="price-list-edit" onClick={() => setEditing(true)}>
              {t('sales.priceLists.edit')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={isMobile ? 1 : 3}>
          <Descriptions.Item label={t('sales.priceLists.fields.kind')}>
            {t(`sales.priceLists.kinds.${list.kind}`)}
          </Descriptions.Item>
          <Descriptions.Item
            label={
              list.kind === 'customer'
                ? t('sales.priceLists.fields.customer')
                : t('sales.priceLists.fields.channel')
            }
          >
            <PriceListAudience list={list} />
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.priceLists.fields.currency')}>{list.currency}</Descriptions.Item>
          <Descriptions.Item label={t('sales.priceLists.fields.validity')}>
            <Flex gap={6} align="center" wrap>
              <ValidityRange validFrom={list.validFrom} validUntil={list.validUntil} />
              <ValidityTag validFrom={list.validFrom} validUntil={list.validUntil} />
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <Tag color={list.isActive ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
              {list.isActive ? t('common.active') : t('common.inactive')}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('sales.priceLists.fields.updatedAt')}>
            {formatDateTime(list.updatedAt, lang)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('sales.priceLists.fields.items')} size="small">
        <Table<PriceListItem>
          data-testid="price-list-items"
          rowKey="productId"
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={priceList.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('sales.priceLines.empty')} /> }}
          pagination={
            list.items.length > 20
              ? { pageSize: 20, showTotal: (total) => t('common.total', { count: total }), simple: isMobile }
              : false
          }
        />
      </Card>
      {isEditing && (
        <PriceListFormDrawer
          priceList={list}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void message.success(t('sales.priceLists.saved'));
          }}
        />
      )}
    </Flex>
  );
}
