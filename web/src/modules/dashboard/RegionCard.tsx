import { RightOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionContribution, SalesOverview } from '../../../../contracts/analytics.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { EMPTY_VALUE, formatMoney, formatPercent } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { regionName } from '../regions/index.ts';
import { isCostShown, revenueShares } from './dashboard.rules.ts';

interface Row extends RegionContribution {
  label: string;
  share: number;
}

/**
 * Revenue by region as a donut, with the same rows in a table under it (readable on a phone and
 * by a screen reader; gross profit beside revenue for a role that may see cost). Clicking a
 * region — slice or row — narrows the whole page to it.
 */
export function RegionCard({
  data,
  loading,
  onDrillDown,
}: {
  data: SalesOverview | undefined;
  loading: boolean;
  onDrillDown: (regionId: number) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const focusId = data?.filters.regionId ?? null;

  const rows = useMemo<Row[]>(() => {
    const items = data?.regions.items ?? [];
    const shares = revenueShares(items);
    return items.map((item, index) => ({
      ...item,
      label: `${regionName(item, lang)}${item.id === focusId ? t('dashboard.regions.direct') : ''}`,
      share: shares[index] ?? 0,
    }));
  }, [data, lang, focusId, t]);

  const option = useMemo<EChartsOption>(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const { name, value, percent } = params as { name: string; value: number; percent: number };
          return `${name}<br/>${formatMoney(value, lang)} · ${formatPercent(percent / 100, lang)}`;
        },
      },
      series: [
        {
          type: 'pie',
          radius: ['42%', '70%'],
          avoidLabelOverlap: true,
          label: {
            show: !isMobile,
            formatter: (params: unknown) => {
              const { name, percent } = params as { name: string; percent: number };
              return `${name}\n${formatPercent(percent / 100, lang)}`;
            },
          },
          data: rows
            .filter((row) => row.revenueCnyFen > 0)
            .map((row) => ({ name: row.label, value: row.revenueCnyFen, regionId: row.id })),
        },
      ],
    }),
    [rows, lang, isMobile],
  );

  const onEvents = useMemo(
    () => ({
      click: (event: { data?: unknown }) => {
        const regionId = (event.data as { regionId?: number } | undefined)?.regionId;
        const row = rows.find((r) => r.id === regionId);
        if (row?.canDrillDown) onDrillDown(row.id);
      },
    }),
    [rows, onDrillDown],
  );

  const columns: ColumnsType<Row> = [
    {
      key: 'region',
      title: t('dashboard.filters.region'),
      render: (_v, row) =>
        row.canDrillDown ? (
          <Typography.Link>
            {row.label} <RightOutlined style={{ fontSize: 10 }} />
          </Typography.Link>
        ) : (
          row.label
        ),
    },
    {
      key: 'revenue',
      title: t('dashboard.columns.revenue'),
      align: 'right',
      render: (_v, row) => formatMoney(row.revenueCnyFen, lang, { compact: isMobile, symbol: true }),
    },
    ...(isCostShown(data?.kpis)
      ? [
          {
            key: 'grossProfit',
            title: t('dashboard.columns.grossProfit'),
            align: 'right' as const,
            render: (_v: unknown, row: Row) =>
              row.grossProfitCnyFen === null
                ? EMPTY_VALUE
                : formatMoney(row.grossProfitCnyFen, lang, { compact: isMobile, symbol: true }),
          },
        ]
      : []),
    {
      key: 'share',
      title: t('dashboard.regions.share'),
      align: 'right',
      render: (_v, row) => formatPercent(row.share, lang),
    },
  ];

  const chartLabel = `${t('dashboard.regions.chart')}: ${rows
    .map((row) => `${row.label} ${formatMoney(row.revenueCnyFen, lang)}`)
    .join('; ')}`;

  return (
    <Card title={t('dashboard.regions.title')} size="small" style={{ height: '100%' }}>
      {rows.length === 0 && !loading ? (
        <Empty description={t('dashboard.empty')} data-testid="region-empty" />
      ) : (
        <Flex vertical gap={8}>
          <EChart
            testId="region-chart"
            ariaLabel={chartLabel}
            option={option}
            notMerge
            loading={loading}
            onEvents={onEvents}
            height={isMobile ? 220 : 260}
          />
          {rows.some((row) => row.canDrillDown) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dashboard.regions.drillHint')}
            </Typography.Text>
          )}
          <Table<Row>
            data-testid="region-table"
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            onRow={(row) =>
              ({
                'data-testid': `region-row-${row.code}`,
                onClick: row.canDrillDown ? () => onDrillDown(row.id) : undefined,
                style: row.canDrillDown ? { cursor: 'pointer' } : undefined,
              }) as HTMLAttributes<HTMLElement>
            }
          />
        </Flex>
      )}
    </Card>
  );
}
