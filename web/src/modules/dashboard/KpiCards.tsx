import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Statistic, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesOverview } from '../../../../contracts/analytics.ts';
import { EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { type ChangeTone, changeTone, formatChange, formatPoints, kpiCardSpan } from './dashboard.rules.ts';

type Kpis = SalesOverview['kpis'];

interface KpiCard {
  key: string;
  title: string;
  value: string;
  /** Every digit, for the tooltip of a compact value. */
  exact?: string;
  previous: string;
  tone: ChangeTone;
  change: string | null;
}

function ChangeLine({ tone, text, testId }: { tone: ChangeTone; text: ReactNode; testId: string }) {
  const { token } = theme.useToken();
  const colour =
    tone === 'up' ? token.colorSuccess : tone === 'down' ? token.colorError : token.colorTextSecondary;
  const icon =
    tone === 'up' ? (
      <ArrowUpOutlined />
    ) : tone === 'down' ? (
      <ArrowDownOutlined />
    ) : tone === 'flat' ? (
      <MinusOutlined />
    ) : null;
  return (
    <Typography.Text style={{ color: colour, fontSize: 13 }} data-testid={testId} data-tone={tone}>
      {icon} {text}
    </Typography.Text>
  );
}

/**
 * Revenue, gross profit, margin, orders and average order value, each against a year earlier.
 * Gross profit and margin have no card at all for a role that may not see cost (they come as null).
 */
export function KpiCards({ kpis, loading }: { kpis: Kpis | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const money = (fen: number | null) =>
    fen === null ? EMPTY_VALUE : formatMoney(fen, lang, { compact: true, symbol: true });
  const exact = (fen: number | null) => (fen === null ? undefined : formatMoney(fen, lang));
  const rate = (fraction: number | null) => (fraction === null ? EMPTY_VALUE : formatPercent(fraction, lang));
  const relative = (change: number | null) => (change === null ? null : formatChange(change, lang));

  const grossProfit = kpis?.grossProfitCnyFen ?? null;
  const margin = kpis?.marginRate ?? null;
  const cards: KpiCard[] = kpis
    ? [
        {
          key: 'revenue',
          title: t('dashboard.kpis.revenue'),
          value: money(kpis.revenueCnyFen.current),
          exact: exact(kpis.revenueCnyFen.current),
          previous: money(kpis.revenueCnyFen.previous),
          tone: changeTone(kpis.revenueCnyFen.changeRate),
          change: relative(kpis.revenueCnyFen.changeRate),
        },
        ...(grossProfit === null
          ? []
          : [
              {
                key: 'grossProfit',
                title: t('dashboard.kpis.grossProfit'),
                value: money(grossProfit.current),
                exact: exact(grossProfit.current),
                previous: money(grossProfit.previous),
                tone: changeTone(grossProfit.changeRate),
                change: relative(grossProfit.changeRate),
              },
            ]),
        ...(margin === null
          ? []
          : [
              {
                key: 'margin',
                title: t('dashboard.kpis.margin'),
                value: rate(margin.current),
                previous: rate(margin.previous),
                tone: changeTone(margin.changePoints),
                change:
                  margin.changePoints === null
                    ? null
                    : t('dashboard.kpis.yoyPoints', { value: formatPoints(margin.changePoints, lang) }),
              },
            ]),
        {
          key: 'orders',
          title: t('dashboard.kpis.orders'),
          value: formatNumber(kpis.orders.current, lang),
          previous: formatNumber(kpis.orders.previous, lang),
          tone: changeTone(kpis.orders.changeRate),
          change: relative(kpis.orders.changeRate),
        },
        {
          key: 'averageOrderValue',
          title: t('dashboard.kpis.averageOrderValue'),
          value: money(kpis.averageOrderValueCnyFen.current),
          exact: exact(kpis.averageOrderValueCnyFen.current),
          previous: money(kpis.averageOrderValueCnyFen.previous),
          tone: changeTone(kpis.averageOrderValueCnyFen.changeRate),
          change: relative(kpis.averageOrderValueCnyFen.changeRate),
        },
      ]
    : [];

  const placeholders = ['revenue', 'grossProfit', 'margin', 'orders', 'averageOrderValue'];
  const shown = cards.length > 0 ? cards : placeholders.map((key) => ({ key }) as Partial<KpiCard>);
  return (
    <Row gutter={[12, 12]} data-testid="kpi-cards">
      {shown.map((card, index) => {
        const span = kpiCardSpan(index, shown.length);
        return (
          <Col key={card.key} xs={span.xs} md={8} xl={{ flex: span.xlFlex }}>
            <Card size="small" data-testid={`kpi-${card.key}`} style={{ height: '100%' }}>
              <Flex vertical gap={4}>
                <Statistic
                  title={card.title ?? ' '}
                  value={card.value ?? EMPTY_VALUE}
                  loading={loading && !card.value}
                  styles={{ content: { fontSize: 22, whiteSpace: 'nowrap' } }}
                  valueRender={(node) => (
                    <span title={card.exact} data-testid={`kpi-${card.key}-value`}>
                      {node}
                    </span>
                  )}
                />
                {card.tone !== undefined && (
                  <ChangeLine
                    tone={card.tone}
                    testId={`kpi-${card.key}-change`}
                    text={
                      card.change === null
                        ? t('dashboard.kpis.noComparison')
                        : `${t('dashboard.kpis.yoy')} ${card.change}`
                    }
                  />
                )}
                {card.previous !== undefined && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dashboard.kpis.previous', { value: card.previous })}
                  </Typography.Text>
                )}
              </Flex>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
