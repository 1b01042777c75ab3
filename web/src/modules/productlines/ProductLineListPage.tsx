import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ProductLine } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatDateTime, formatNumber } from '../../shared/format.ts';
import { ListPageCard, NewButton } from '../../shared/ListPageCard.tsx';
import { ListTable } from '../../shared/ListTable.tsx';
import { sortOrderOf, useListState } from '../../shared/list.ts';
import { actionsColumn, RowActions } from '../../shared/RowActions.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { useRecordDrawer } from '../../shared/useRecordDrawer.ts';
import { ProductLineFormDrawer } from './ProductLineFormDrawer.tsx';
import {
  fetchProductLine,
  productLineKeys,
  useDeleteProductLine,
  useProductLineList,
} from './productLines.api.ts';

const FILTER_KEYS = [] as const;

export function ProductLineListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('products:write');
  const list = useListState(FILTER_KEYS);
  const productLines = useProductLineList(list.query);
  const deleteProductLine = useDeleteProductLine();
  const drawer = useRecordDrawer<ProductLine>();
  useEditFromLink({
    queryKey: productLineKeys.detail,
    fetch: fetchProductLine,
    enabled: canWrite,
    onOpen: drawer.openEdit,
  });

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<ProductLine> = [
    {
      ...sortable('code'),
      title: t('productLines.fields.code'),
      dataIndex: 'code',
      width: 140,
      fixed: isMobile ? undefined : 'left',
    },
    { ...sortable('nameZh'), title: t('productLines.fields.nameZh'), dataIndex: 'nameZh', width: 200 },
    { ...sortable('nameEn'), title: t('productLines.fields.nameEn'), dataIndex: 'nameEn', width: 220 },
    {
      ...sortable('productCount'),
      title: t('productLines.fields.productCount'),
      dataIndex: 'productCount',
      width: 100,
      align: 'right',
      render: (count: number, line) =>
        count > 0 ? (
          <Link
            to={`/products?productLineId=${line.id}`}
            title={t('productLines.viewProducts')}
            data-testid={`product-line-products-${line.id}`}
          >
            {formatNumber(count, lang)}
          </Link>
        ) : (
          formatNumber(count, lang)
        ),
    },
    {
      ...sortable('updatedAt'),
      title: t('productLines.fields.updatedAt'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (value: string) => formatDateTime(value, lang),
    },
  ];
  if (canWrite) {
    columns.push(
      actionsColumn(t('common.actions'), isMobile, (productLine) => (
        <RowActions
          editTestId={`product-line-edit-${productLine.id}`}
          onEdit={() => drawer.openEdit(productLine)}
          deleteTestId={`product-line-delete-${productLine.id}`}
          deleteTitle={t('productLines.deleteConfirm', {
            name: lang === 'en' ? productLine.nameEn : productLine.nameZh,
          })}
          deleteHint={t('productLines.deleteHint')}
          onDelete={() => deleteProductLine.mutateAsync(productLine.id)}
        />
      )),
    );
  }

  return (
    <ListPageCard
      title={t('productLines.title')}
      actions={
        <>
          <ExportButton
            path="/api/product-lines/export"
            query={list.query}
            baseName="product-lines"
            testId="product-lines-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <NewButton label={t('productLines.new')} testId="product-line-new" onClick={drawer.openCreate} />
          )}
        </>
      }
    >
      <SearchInput
        testId="product-lines-search"
        value={list.q}
        placeholder={t('productLines.searchPlaceholder')}
        onSearch={(q) => list.update({ q })}
        style={{ width: isMobile ? '100%' : 300 }}
      />
      <ErrorAlert error={productLines.error} testId="product-lines-error" />
      <ListTable<ProductLine>
        testId="product-lines-table"
        columns={columns}
        rows={productLines.data?.items}
        total={productLines.data?.total}
        loading={productLines.isFetching}
        list={list}
      />
      {drawer.isOpen && (
        <ProductLineFormDrawer
          productLine={drawer.record}
          onClose={drawer.close}
          onSaved={drawer.closeSaved}
        />
      )}
    </ListPageCard>
  );
}
