import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ProductLine } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatDateTime, formatNumber } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useEditFromLink } from '../../shared/useEditFromLink.ts';
import { ProductLineFormDrawer } from './ProductLineFormDrawer.tsx';
import {
  fetchProductLine,
  productLineKeys,
  useDeleteProductLine,
  useProductLineList,
} from './productLines.api.ts';

const FILTER_KEYS = [] as const;

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; productLine: ProductLine };

export function ProductLineListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('products:write');
  const list = useListState(FILTER_KEYS);
  const productLines = useProductLineList(list.query);
  const deleteProductLine = useDeleteProductLine();
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });
  useEditFromLink({
    queryKey: productLineKeys.detail,
    fetch: fetchProductLine,
    enabled: canWrite,
    onOpen: (productLine) => setDrawer({ mode: 'edit', productLine }),
  });

  async function remove(productLine: ProductLine) {
    try {
      await deleteProductLine.mutateAsync(productLine.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

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
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      fixed: isMobile ? undefined : 'right',
      render: (_value, productLine) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`product-line-edit-${productLine.id}`}
            onClick={() => setDrawer({ mode: 'edit', productLine })}
          />
          <Popconfirm
            title={t('productLines.deleteConfirm', {
              name: lang === 'en' ? productLine.nameEn : productLine.nameZh,
            })}
            description={t('productLines.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(productLine)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`product-line-delete-${productLine.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <Card
      title={t('productLines.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/product-lines/export"
            query={list.query}
            baseName="product-lines"
            testId="product-lines-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="product-line-new"
              aria-label={t('productLines.new')}
              onClick={() => setDrawer({ mode: 'create' })}
            >
              {isMobile ? null : t('productLines.new')}
            </Button>
          )}
        </Flex>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        <SearchInput
          testId="product-lines-search"
          value={list.q}
          placeholder={t('productLines.searchPlaceholder')}
          onSearch={(q) => list.update({ q })}
          style={{ width: isMobile ? '100%' : 300 }}
        />
        <ErrorAlert error={productLines.error} testId="product-lines-error" />
        <Table<ProductLine>
          data-testid="product-lines-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={productLines.data?.items ?? []}
          loading={productLines.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: productLines.data?.total ?? 0,
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
        <ProductLineFormDrawer
          productLine={drawer.mode === 'edit' ? drawer.productLine : undefined}
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
