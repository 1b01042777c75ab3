import { Card, DatePicker, Flex, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatNumber } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useSegmentMovement } from './alerts.api.ts';

interface MatrixRow {
  segment: string;
  label: string;
  counts: Record<string, number>;
}

/**
 * How customers moved between segments from one month end to the next, as a matrix shaded by
 * count (a heatmap in a table, readable and copyable). Default: last complete month vs the one
 * before.
 */
export function SegmentMovementCard({ mode }: { mode: 'fixed' | 'quintile' }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [from, setFrom] = useState<string | undefined>(undefined);
  const [to, setTo] = useState<string | undefined>(undefined);
  const result = useSegmentMovement({ from, to, mode }, lang);
  const data = result.data;

  const { rows, max } = useMemo(() => {
    const counts = new Map<string, Record<string, number>>();
    let largest = 0;
    for (const cell of data?.cells ?? []) {
      const row = counts.get(cell.from) ?? {};
      row[cell.to] = cell.customers;
      counts.set(cell.from, row);
      largest = Math.max(largest, cell.customers);
    }
    const matrix: MatrixRow[] = (data?.segments ?? []).map((s) => ({
      segment: s.segment,
      label: s.label,
      counts: counts.get(s.segment) ?? {},
    }));
    return { rows: matrix, max: largest };
  }, [data]);

  // Customers who stayed sit on the diagonal (blue); those who moved are shaded orange.
  const shade = (count: number, isDiagonal: boolean) => {
    if (!count || !max) return undefined;
    const alpha = 0.15 + 0.6 * (count / max);
    return isDiagonal ? `rgba(22, 119, 255, ${alpha})` : `rgba(250, 140, 22, ${alpha})`;
  };

  return (
    <Card
      title={t('kpiAlerts.segments.movementTitle')}
      data-testid="segment-movement"
      extra={
        <Flex gap={8} align="center" wrap>
          <span>{t('kpiAlerts.segments.from')}</span>
          <DatePicker
            picker="month"
            value={from ? dayjs(`${from}-01`) : data ? dayjs(`${data.from.month}-01`) : null}
            onChange={(d) => setFrom(d ? d.format('YYYY-MM') : undefined)}
          />
          <span>{t('kpiAlerts.segments.to')}</span>
          <DatePicker
            picker="month"
            value={to ? dayjs(`${to}-01`) : data ? dayjs(`${data.to.month}-01`) : null}
            onChange={(d) => setTo(d ? d.format('YYYY-MM') : undefined)}
          />
        </Flex>
      }
    >
      {result.error ? <ErrorAlert error={result.error} /> : null}
      {data ? (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">
            {t('kpiAlerts.segments.movementHint', { from: data.from.month, to: data.to.month })} ·{' '}
            {t('kpiAlerts.segments.moved', { moved: data.moved, customers: data.customers })}
          </Typography.Text>
          <Table<MatrixRow>
            rowKey="segment"
            size="small"
            pagination={false}
            loading={result.isFetching}
            dataSource={rows}
            scroll={{ x: 900 }}
            columns={[
              { title: '', dataIndex: 'label', fixed: 'left', width: 140 },
              ...data.segments.map((column) => ({
                title: column.label,
                key: column.segment,
                align: 'right' as const,
                onCell: (row: MatrixRow) => ({
                  style: {
                    background: shade(row.counts[column.segment] ?? 0, row.segment === column.segment),
                  },
                }),
                render: (_: unknown, row: MatrixRow) => {
                  const count = row.counts[column.segment];
                  return count ? formatNumber(count, lang) : '';
                },
              })),
            ]}
          />
        </Flex>
      ) : null}
    </Card>
  );
}
