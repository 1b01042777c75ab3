import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { formatMeasure } from '../analytics.rules.ts';
import { type PivotRow, pivotResult } from './result.rules.ts';

/**
 * Rows × columns: the row dimensions down the left, one column group per value of the column
 * dimensions (their values are the headers), each measure under it.
 */
export function PivotTable({
  data,
  rowNames,
  isLoading,
}: {
  data: AnalyticsResult;
  rowNames: readonly string[];
  isLoading: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const pivot = useMemo(
    () =>
      pivotResult(data, rowNames, (key, fallback) => t(key as never, { defaultValue: fallback }) as string),
    [data, rowNames, t],
  );

  const valueColumns = (columnKey: string, testPrefix: string) =>
    pivot.measures.map((m) => ({
      key: `${columnKey}|${m.name}`,
      title: m.label,
      align: 'right' as const,
      onCell: () => ({ 'data-testid': `${testPrefix}${m.name}` }) as HTMLAttributes<HTMLElement>,
      render: (_: unknown, row: PivotRow) => formatMeasure(m.type, row.cells[columnKey]?.[m.name], lang),
    }));

  const columns: ColumnsType<PivotRow> = [
    ...pivot.rowDimensions.map((d, i) => ({
      key: `row-${d.name}`,
      title: d.label,
      fixed: 'left' as const,
      render: (_: unknown, row: PivotRow) => row.labels[i],
    })),
    // Without column dimensions there is one column per measure, with no group header above.
    ...(pivot.columnDimensions.length === 0
      ? valueColumns('', 'pivot-cell-')
      : pivot.columns.map((column) => ({
          key: `col-${column.key}`,
          title: column.labels.join(' / '),
          children: valueColumns(column.key, `pivot-cell-${column.labels.join('-')}-`),
        }))),
  ];

  return (
    <Table<PivotRow>
      rowKey="key"
      size="small"
      bordered
      loading={isLoading}
      dataSource={pivot.rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      data-testid="builder-pivot"
    />
  );
}
