import { Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { formatMeasure } from '../analytics.rules.ts';
import { type PivotRow, pivotResult, pivotTotals, type TotalValues } from './result.rules.ts';

/**
 * Rows × columns: the row dimensions down the left, one column group per value of the column
 * dimensions (their values are the headers), each measure under it; then a 合计 / Total column
 * of row totals and a total row of column totals, when there is more than one to add up (which
 * totals exist, and why ratios are not summed: pivotTotals in result.rules.ts).
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
  const totals = useMemo(() => pivotTotals(pivot, data), [pivot, data]);
  const totalLabel = t('analytics.total');
  // A total that is not computed (a ratio summed across cells) is left blank, not shown as "—".
  const totalText = (type: string, values: TotalValues | undefined, name: string) =>
    values && name in values ? formatMeasure(type, values[name], lang) : '';

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
    ...(totals.hasRowTotals
      ? [
          {
            key: 'row-totals',
            title: totalLabel,
            children: pivot.measures.map((m) => ({
              key: `row-totals|${m.name}`,
              title: m.label,
              align: 'right' as const,
              onCell: () => ({ 'data-testid': `pivot-row-total-${m.name}` }) as HTMLAttributes<HTMLElement>,
              render: (_: unknown, row: PivotRow) => totalText(m.type, totals.rows[row.key], m.name),
            })),
          },
        ]
      : []),
  ];

  // The row of column totals: one cell per leaf column, in the order of `columns` above.
  const totalRow = () => {
    if (!totals.hasColumnTotals) return null;
    const cells = [
      ...pivot.rowDimensions.map((d, i) => ({ key: `label-${d.name}`, text: i === 0 ? totalLabel : '' })),
      ...pivot.columns.flatMap((column) =>
        pivot.measures.map((m) => ({
          key: `${column.key}|${m.name}`,
          text: totalText(m.type, totals.columns[column.key], m.name),
          testId: `pivot-column-total-${column.labels.join('-')}${column.labels.length ? '-' : ''}${m.name}`,
        })),
      ),
      ...(totals.hasRowTotals
        ? pivot.measures.map((m) => ({
            key: `grand|${m.name}`,
            text: totalText(m.type, totals.grand, m.name),
            testId: `pivot-total-${m.name}`,
          }))
        : []),
    ];
    return (
      <Table.Summary.Row>
        {cells.map((cell, index) => (
          <Table.Summary.Cell
            key={cell.key}
            index={index}
            align={index < pivot.rowDimensions.length ? 'left' : 'right'}
          >
            {'testId' in cell ? <span data-testid={cell.testId}>{cell.text}</span> : cell.text}
          </Table.Summary.Cell>
        ))}
      </Table.Summary.Row>
    );
  };

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
      summary={totalRow}
    />
  );
}
