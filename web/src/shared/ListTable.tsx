import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { type ListStateChange, PAGE_SIZES, sortFromSorter } from './list.ts';
import { useIsMobile } from './responsive.ts';

export interface ListTableProps<T> {
  testId: string;
  columns: ColumnsType<T>;
  /** The records of the page shown. */
  rows: readonly T[] | undefined;
  /** How many records the whole list has. */
  total: number | undefined;
  loading: boolean;
  /** The list's paging and sort, from useListState. */
  list: { page: number; pageSize: number; update: (change: ListStateChange<never>) => void };
}

/** A list page's table: paged and sorted through the list state kept in the address. */
export function ListTable<T extends { id: number }>({
  testId,
  columns,
  rows,
  total,
  loading,
  list,
}: ListTableProps<T>) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Table<T>
      data-testid={testId}
      rowKey="id"
      size={isMobile ? 'small' : 'middle'}
      columns={columns}
      dataSource={rows ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={{
        current: list.page,
        pageSize: list.pageSize,
        total: total ?? 0,
        showSizeChanger: !isMobile,
        pageSizeOptions: PAGE_SIZES.map(String),
        showTotal: (count) => t('common.total', { count }),
        simple: isMobile,
      }}
      onChange={(pagination, _filters, sorter, extra) => {
        if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
        else if (extra.action === 'paginate') {
          list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
        }
      }}
    />
  );
}
