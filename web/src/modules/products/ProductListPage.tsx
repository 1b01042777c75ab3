import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { businessToday, EMPTY_VALUE, formatDate, formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { ProductFormDrawer } from './ProductFormDrawer.tsx';
import {
  fetchProduct,
  productKeys,
  useDeleteProduct,
  useProductLines,
  useProductList,
} from './products.api.ts';

const FILTER_KEYS = ['productLineId', 'deviceClass', 'isActive'] as const;
const deviceClassKeys = ['1', '2', '3'] as const;

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; product: Product };

export function ProductListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('products:write');
  const list = useListState(FILTER_KEYS);
  const products = useProductList(list.query);
  const productLines = useProductLines();
  const deleteProduct = useDeleteProduct();
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });
  // ?edit=<id> (a link from data quality) opens that product's form.
  useEditFromLink({
    queryKey: productKeys.detail,
    fetch: fetchProduct,
    enabled: canWrite,
    onOpen: (product) => setDrawer({ mode: 'edit', product }),
  });
  const today = businessToday();
  const nameKey = lang === 'en' ? 'nameEn' : 'nameZh';

  async function remove(product: Product) {
    try {
      await deleteProduct.mutateAsync(product.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<Product> = [
    {
      ...sortable('sku'),
      title: t('products.fields.sku'),
      dataIndex: 'sku',
      width: 130,
      fixed: isMobile ? undefined : 'left',
    },
    {
      ...sortable(nameKey),
      title: t('products.fields.name'),
      width: 220,
      render: (_value, product) => (
        <Flex vertical>
          <span>{lang === 'en' ? product.nameEn : product.nameZh}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {product.modelSpec}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      ...sortable('productLine'),
      title: t('products.fields.productLine'),
      width: 130,
      render: (_value, product) => (lang === 'en' ? product.productLineNameEn : product.productLineNameZh),
    },
    {
      ...sortable('deviceClass'),
      title: t('products.fields.deviceClass'),
      dataIndex: 'deviceClass',
      width: 100,
      render: (deviceClass: Product['deviceClass']) => (
        <Tag color={deviceClass === 3 ? 'red' : deviceClass === 2 ? 'orange' : 'default'}>
          {t(`common.deviceClasses.${deviceClassKeys[deviceClass - 1] ?? '1'}`)}
        </Tag>
      ),
    },
    {
      key: 'certificateNumber',
      title: t('products.fields.certificateNumber'),
      dataIndex: 'certificateNumber',
      width: 190,
    },
    {
      ...sortable('certificateExpiry'),
      title: t('products.fields.certificateExpiry'),
      dataIndex: 'certificateExpiry',
      width: 140,
      render: (expiry: string | null) => {
        if (!expiry) return EMPTY_VALUE;
        const text = formatDate(expiry, lang);
        return expiry < today ? (
          <Tooltip title={t('products.certificateExpired')}>
            <Tag color="red">{text}</Tag>
          </Tooltip>
        ) : (
          text
        );
      },
    },
    {
      key: 'gtin',
      title: t('products.fields.gtin'),
      dataIndex: 'gtin',
      width: 150,
      render: (g) => g ?? EMPTY_VALUE,
    },
    { key: 'unit', title: t('products.fields.unit'), dataIndex: 'unit', width: 70 },
    {
      ...sortable('listPriceFen'),
      title: t('products.fields.listPrice'),
      dataIndex: 'listPriceFen',
      width: 130,
      align: 'right',
      render: (fen: number) => formatMoney(fen, lang),
    },
    {
      key: 'isActive',
      title: t('common.status'),
      dataIndex: 'isActive',
      width: 80,
      render: (isActive: boolean) =>
        isActive ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 96,
      fixed: isMobile ? undefined : 'right',
      render: (_value, product) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`product-edit-${product.id}`}
            onClick={() => setDrawer({ mode: 'edit', product })}
          />
          <Popconfirm
            title={t('products.deleteConfirm', { name: lang === 'en' ? product.nameEn : product.nameZh })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(product)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`product-delete-${product.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  const filterWidth = isMobile ? '100%' : 150;

  return (
    <Card
      title={t('products.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/products/export"
            query={list.query}
            baseName="products"
            testId="products-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="product-new"
              aria-label={t('products.new')}
              onClick={() => setDrawer({ mode: 'create' })}
            >
              {isMobile ? null : t('products.new')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="products-search"
            value={list.q}
            placeholder={t('products.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 300 }}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            data-testid="products-filter-line"
            placeholder={t('products.filters.productLine')}
            loading={productLines.isLoading}
            value={list.filters.productLineId ? Number(list.filters.productLineId) : undefined}
            onChange={(id?: number) => list.update({ filters: { productLineId: id?.toString() } })}
            options={(productLines.data ?? []).map((line) => ({
              value: line.id,
              label: lang === 'en' ? line.nameEn : line.nameZh,
            }))}
            style={{ width: isMobile ? '100%' : 180 }}
          />
          <Select
            allowClear
            data-testid="products-filter-class"
            placeholder={t('products.filters.deviceClass')}
            value={list.filters.deviceClass}
            onChange={(deviceClass?: string) => list.update({ filters: { deviceClass } })}
            options={deviceClassKeys.map((value) => ({ value, label: t(`common.deviceClasses.${value}`) }))}
            style={{ width: filterWidth }}
          />
          <Select
            allowClear
            data-testid="products-filter-active"
            placeholder={t('products.filters.active')}
            value={list.filters.isActive}
            onChange={(isActive?: string) => list.update({ filters: { isActive } })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: filterWidth }}
          />
        </Flex>
        <ErrorAlert error={products.error} testId="products-error" />
        <Table<Product>
          data-testid="products-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={products.data?.items ?? []}
          loading={products.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: products.data?.total ?? 0,
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
        <ProductFormDrawer
          product={drawer.mode === 'edit' ? drawer.product : undefined}
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
