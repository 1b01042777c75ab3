import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductContribution, SalesOverview } from '../../../../contracts/analytics.ts';
import type { Language } from '../../../../contracts/auth.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { formatMoney } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { axisYuan, isCostShown } from './dashboard.rules.ts';

/**
 * A product as documents name it: name and model (规格型号). The name alone repeats: one product
 * name covers several models, and the top ten often hold two sizes of one system.
 */
function productLabel(product: ProductContribution, lang: Language): string {
  return `${lang === 'en' ? product.nameEn : product.nameZh} ${product.modelSpec}`;
}

/**
 * The ten products with the most revenue, largest at the top, gross profit beside each for a role
 * that may see cost.
 */
export function TopProductsCard({ data, loading }: { data: SalesOverview | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const products = data?.topProducts ?? [];
  const showCost = isCostShown(data?.kpis);

  const option = useMemo<EChartsOption>(() => {
    // Category axes draw from the bottom: reverse so the best seller is on top.
    const rows = [...(data?.topProducts ?? [])].reverse();
    const name = (row: (typeof rows)[number]) => productLabel(row, lang);
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
          const row = rows[first.dataIndex];
          if (!row) return '';
          const line = lang === 'en' ? row.productLineNameEn : row.productLineNameZh;
          return [
            `${name(row)} (${row.sku})`,
            `${t('dashboard.products.line')}: ${line}`,
            `${t('dashboard.columns.revenue')}: ${formatMoney(row.revenueCnyFen, lang)}`,
            ...(row.grossProfitCnyFen === null
              ? []
              : [`${t('dashboard.columns.grossProfit')}: ${formatMoney(row.grossProfitCnyFen, lang)}`]),
          ].join('<br/>');
        },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => axisYuan(value, lang) },
      },
      yAxis: {
        type: 'category',
        data: rows.map(name),
        axisLabel: { width: isMobile ? 96 : 190, overflow: 'truncate', fontSize: isMobile ? 10 : 12 },
      },
      series: [
        {
          name: t('dashboard.columns.revenue'),
          type: 'bar',
          data: rows.map((row) => row.revenueCnyFen),
          itemStyle: { color: '#1677ff' },
          barMaxWidth: 16,
        },
        ...(showCost
          ? [
              {
                name: t('dashboard.columns.grossProfit'),
                type: 'bar' as const,
                data: rows.map((row) => row.grossProfitCnyFen),
                itemStyle: { color: '#fa8c16' },
                barMaxWidth: 16,
              },
            ]
          : []),
      ],
    };
  }, [data, showCost, lang, t, isMobile]);

  const label = `${t('dashboard.products.chart')}: ${products
    .map((p) => `${productLabel(p, lang)} ${formatMoney(p.revenueCnyFen, lang)}`)
    .join('; ')}`;

  return (
    <Card title={t('dashboard.products.title')} size="small" style={{ height: '100%' }}>
      {products.length === 0 && !loading ? (
        <Empty description={t('dashboard.empty')} />
      ) : (
        <EChart
          testId="products-chart"
          ariaLabel={label}
          option={option}
          notMerge
          loading={loading}
          height={Math.max(220, 60 + products.length * 34)}
        />
      )}
    </Card>
  );
}
