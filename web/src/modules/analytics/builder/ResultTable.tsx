import { Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { dimensionText, formatMeasure } from '../analytics.rules.ts';

type Row = AnalyticsResult['rows'][number] & { rowKey: string };

/** The flat result: one column per dimension, then each measure (and its comparison), with totals. */
export function ResultTable({ data, isLoading }: { data: AnalyticsResult; isLoading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const translate = (key: string, fallback: string) => t(key as never, { defaultValue: fallback }) as string;

  const columns = [
    ...data.dimensions.map((d, i) => ({
      key: `d${i}`,
      title: d.label,
      render: (_: unknown, row: Row) => dimensionText(data, row, i, translate),
    })),
    ...data.measures.flatMap((m) => [
      {
        key: m.name,
        title: m.label,
        align: 'right' as const,
        render: (_: unknown, row: Row) => formatMeasure(m.type, row.values[m.name], lang),
      },
      ...(data.comparisonRange
        ? [
            {
              key: `${m.name}-previous`,
              title: t('analytics.builder.comparisonValue', { label: m.label }),
              align: 'right' as const,
              render: (_: unknown, row: Row) => formatMeasure(m.type, row.previous?.[m.name], lang),
            },
          ]
        : []),
    ]),
  ];
  const rows = useMemo(() => data.rows.map((r) => ({ ...r, rowKey: JSON.stringify(r.keys) })), [data]);
  const perMeasure = data.comparisonRange ? 2 : 1;

  return (
    <Table<Row>
      rowKey="rowKey"
      size="small"
      loading={isLoading}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      data-testid="builder-table"
      summary={() =>
        data.dimensions.length ? (
          <Table.Summary.Row>
            {data.dimensions.map((d, i) => (
              <Table.Summary.Cell key={d.name} index={i}>
                {i === 0 ? t('analytics.total') : null}
              </Table.Summary.Cell>
            ))}
            {data.measures.flatMap((m, j) => {
              const base = data.dimensions.length + j * perMeasure;
              return [
                <Table.Summary.Cell key={m.name} index={base} align="right">
                  {formatMeasure(m.type, data.totals.values[m.name], lang)}
                </Table.Summary.Cell>,
                ...(data.comparisonRange
                  ? [
                      <Table.Summary.Cell key={`${m.name}-p`} index={base + 1} align="right">
                        {formatMeasure(m.type, data.totals.previous?.[m.name], lang)}
                      </Table.Summary.Cell>,
                    ]
                  : []),
              ];
            })}
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}
