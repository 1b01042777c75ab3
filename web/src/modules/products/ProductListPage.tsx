import { Flex, Select, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ActiveFilter, activeColumn } from '../../shared/ActiveStatus.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { businessToday, EMPTY_VALUE, formatDate, formatMoney } from '../../shared/format.ts';
import { ListPageCard, NewButton } from '../../shared/ListPageCard.tsx';
import { ListTable } from '../../shared/ListTable.tsx';
import { sortOrderOf, useListState } from '../../shared/list.ts';
import { actionsColumn, RowActions } from '../../shared/RowActions.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { useRecordDrawer } from '../../shared/useRecordDrawer.ts';
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

export function ProductListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('products:write');
  const list = useListState(FILTER_KEYS);
  const products = useProductList(list.query);
  const productLines = useProductLines();
  const deleteProduct = useDeleteProduct();
  const drawer = useRecordDrawer<Product>();
  // ?edit=<id> (a link from data quality) opens that product's form.
  useEditFromLink({
    queryKey: productKeys.detail,
    fetch: fetchProduct,
    enabled: canWrite,
    onOpen: drawer.openEdit,
  });
  const today = businessToday();
  const nameKey = lang === 'en' ? 'nameEn' : 'nameZh';

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
    activeColumn(t('common.status')),
  ];
  if (canWrite) {
    columns.push(
      actionsColumn(
        t('common.actions'),
        isMobile,
        (product) => (
          <RowActions
            editTestId={`product-edit-${product.id}`}
            onEdit={() => drawer.openEdit(product)}
            deleteTestId={`product-delete-${product.id}`}
            deleteTitle={t('products.deleteConfirm', {
              name: lang === 'en' ? product.nameEn : product.nameZh,
            })}
            onDelete={() => deleteProduct.mutateAsync(product.id)}
          />
        ),
        96,
      ),
    );
  }

  const filterWidth = isMobile ? '100%' : 150;

  return (
    <ListPageCard
      title={t('products.title')}
      actions={
        <>
          <ExportButton
            path="/api/products/export"
            query={list.query}
            baseName="products"
            testId="products-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <NewButton label={t('products.new')} testId="product-new" onClick={drawer.openCreate} />
          )}
        </>
      }
    >
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
        <ActiveFilter
          testId="products-filter-active"
          placeholder={t('products.filters.active')}
          value={list.filters.isActive}
          onChange={(isActive) => list.update({ filters: { isActive } })}
          style={{ width: filterWidth }}
        />
      </Flex>
      <ErrorAlert error={products.error} testId="products-error" />
      <ListTable<Product>
        testId="products-table"
        columns={columns}
        rows={products.data?.items}
        total={products.data?.total}
        loading={products.isFetching}
        list={list}
      />
      {drawer.isOpen && (
        <ProductFormDrawer product={drawer.record} onClose={drawer.close} onSaved={drawer.closeSaved} />
      )}
    </ListPageCard>
  );
}
