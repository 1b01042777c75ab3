import { Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { RepContribution, SalesOverview } from '../../../../contracts/analytics.ts';
import { EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { isCostShown } from './dashboard.rules.ts';

/**
 * Owner reps by revenue: gross profit, margin (both for a role that may see cost) and orders of
 * the period.
 */
export function RepLeaderboardCard({ data, loading }: { data: SalesOverview | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const money = (fen: number) => formatMoney(fen, lang, { compact: isMobile, symbol: true });

  const columns: ColumnsType<RepContribution> = [
    { key: 'rank', title: t('dashboard.reps.rank'), width: 56, render: (_v, _row, index) => index + 1 },
    {
      key: 'rep',
      title: t('dashboard.reps.rep'),
      render: (_v, row) =>
        row.repName ?? <Typography.Text type="secondary">{t('dashboard.reps.unassigned')}</Typography.Text>,
    },
    {
      key: 'revenue',
      title: t('dashboard.columns.revenue'),
      align: 'right',
      render: (_v, row) => money(row.revenueCnyFen),
    },
    ...(isCostShown(data?.kpis)
      ? [
          {
            key: 'grossProfit',
            title: t('dashboard.columns.grossProfit'),
            align: 'right' as const,
            render: (_v: unknown, row: RepContribution) =>
              row.grossProfitCnyFen === null ? EMPTY_VALUE : money(row.grossProfitCnyFen),
          },
          {
            key: 'margin',
            title: t('dashboard.columns.margin'),
            align: 'right' as const,
            render: (_v: unknown, row: RepContribution) =>
              row.grossProfitCnyFen !== null && row.revenueCnyFen > 0
                ? formatPercent(row.grossProfitCnyFen / row.revenueCnyFen, lang)
                : EMPTY_VALUE,
          },
        ]
      : []),
    {
      key: 'orders',
      title: t('dashboard.columns.orders'),
      align: 'right',
      render: (_v, row) => formatNumber(row.orders, lang),
    },
  ];

  return (
    <Card
      title={t('dashboard.reps.title')}
      size="small"
      styles={{ body: { padding: isMobile ? 4 : undefined } }}
    >
      <Table<RepContribution>
        data-testid="rep-table"
        rowKey={(row) => row.repId ?? 0}
        size="small"
        columns={columns}
        dataSource={data?.reps ?? []}
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dashboard.empty') }}
      />
    </Card>
  );
}
