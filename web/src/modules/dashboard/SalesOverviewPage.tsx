import { ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, DatePicker, Flex, Row, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { channels } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { RegionTreeSelect, regionName } from '../regions/index.ts';
import { type OverviewParams, useSalesOverview } from './dashboard.api.ts';
import { filtersFromSearch, isCostShown, periodPresets, searchFromFilters } from './dashboard.rules.ts';
import { KpiCards } from './KpiCards.tsx';
import { ReceivablesCard } from './ReceivablesCard.tsx';
import { RegionCard } from './RegionCard.tsx';
import { RepLeaderboardCard } from './RepLeaderboardCard.tsx';
import { TopProductsCard } from './TopProductsCard.tsx';
import { TrendCard } from './TrendCard.tsx';

const popupStyles = { popup: { root: { maxWidth: 'calc(100vw - 24px)', overflowX: 'auto' as const } } };

/**
 * The landing dashboard: KPIs against a year earlier, the monthly trend, contribution by region
 * (click to drill down), top products, the rep leaderboard and overdue receivables. The period,
 * region and channel sit in the address, so a drill-down can be shared and Back undoes it.
 */
export function SalesOverviewPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const overview = useSalesOverview(filters);
  const data = overview.data;
  const canPickRegion = user.permissions.includes('regions:read');

  const update = useCallback(
    (change: Partial<OverviewParams>) => setSearch(searchFromFilters({ ...filters, ...change })),
    [filters, setSearch],
  );
  const drillDown = useCallback((regionId: number) => update({ regionId }), [update]);

  const period = data?.period;
  const rangeValue = useMemo(() => {
    const from = filters.from ?? period?.from;
    const to = filters.to ?? period?.to;
    return from && to ? ([dayjs(from), dayjs(to)] as [dayjs.Dayjs, dayjs.Dayjs]) : null;
  }, [filters.from, filters.to, period]);
  const presets = useMemo(
    () =>
      periodPresets(businessToday()).map((preset) => ({
        label: t(`dashboard.presets.${preset.key}`),
        value: [dayjs(preset.from), dayjs(preset.to)] as [dayjs.Dayjs, dayjs.Dayjs],
      })),
    [t],
  );

  const path = data?.regions.path ?? [];
  const hasFilters = Boolean(filters.from || filters.to || filters.regionId || filters.channel);
  const fieldWidth = isMobile ? '100%' : undefined;

  return (
    <Flex vertical gap={16} data-testid="sales-overview">
      <Card styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <Flex vertical gap={12}>
          <div>
            <Typography.Title level={3} data-testid="home-title" style={{ margin: 0 }}>
              {t('home.welcome', { name: user.displayName })}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="overview-subtitle">
              {t('dashboard.title')}
              {period && (
                <>
                  {' · '}
                  {formatDate(period.from, lang)} – {formatDate(period.to, lang)}
                  {' · '}
                  {t('dashboard.comparedWith', {
                    from: formatDate(period.previousFrom, lang),
                    to: formatDate(period.previousTo, lang),
                  })}
                </>
              )}
            </Typography.Text>
          </div>
          <Flex gap={8} wrap align="center">
            <DatePicker.RangePicker
              data-testid="overview-period"
              aria-label={t('dashboard.periodLabel')}
              value={rangeValue}
              allowClear={false}
              presets={presets}
              onChange={(range) => {
                const [from, to] = range ?? [];
                if (from && to) update({ from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
              }}
              style={{ width: isMobile ? '100%' : 260 }}
              styles={popupStyles}
            />
            {canPickRegion && (
              <RegionTreeSelect
                testId="overview-region"
                allowClear
                limitToScope
                placeholder={t('dashboard.filters.allRegions')}
                value={filters.regionId}
                onChange={(regionId) => update({ regionId })}
                style={{ width: isMobile ? '100%' : 200 }}
              />
            )}
            <Select<string>
              data-testid="overview-channel"
              allowClear
              placeholder={t('dashboard.filters.allChannels')}
              value={filters.channel}
              onChange={(channel?: string) => update({ channel })}
              options={channels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
              style={{ width: isMobile ? '100%' : 140 }}
            />
            {hasFilters && (
              <Button
                icon={<ReloadOutlined />}
                onClick={() => setSearch({})}
                data-testid="overview-reset"
                style={{ width: fieldWidth }}
              >
                {t('dashboard.filters.reset')}
              </Button>
            )}
          </Flex>
          {path.length > 0 && (
            <Breadcrumb
              data-testid="region-breadcrumb"
              items={[
                {
                  key: 'root',
                  title: (
                    <Typography.Link
                      onClick={() => update({ regionId: undefined })}
                      data-testid="region-crumb-root"
                    >
                      {t('dashboard.regions.breadcrumbRoot')}
                    </Typography.Link>
                  ),
                },
                ...path.map((region, index) => ({
                  key: String(region.id),
                  title:
                    index === path.length - 1 ? (
                      <span data-testid={`region-crumb-${region.code}`}>{regionName(region, lang)}</span>
                    ) : (
                      <Typography.Link
                        onClick={() => update({ regionId: region.id })}
                        data-testid={`region-crumb-${region.code}`}
                      >
                        {regionName(region, lang)}
                      </Typography.Link>
                    ),
                })),
              ]}
            />
          )}
        </Flex>
      </Card>
      <ErrorAlert error={overview.error} testId="overview-error" />
      <KpiCards kpis={data?.kpis} loading={overview.isLoading} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <TrendCard data={data} loading={overview.isFetching} />
        </Col>
        <Col xs={24} xl={10}>
          <RegionCard data={data} loading={overview.isFetching} onDrillDown={drillDown} />
        </Col>
        <Col xs={24} xl={12}>
          <TopProductsCard data={data} loading={overview.isFetching} />
        </Col>
        <Col xs={24} xl={12}>
          <ReceivablesCard data={data} loading={overview.isFetching} />
        </Col>
        <Col xs={24}>
          <RepLeaderboardCard data={data} loading={overview.isFetching} />
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(isCostShown(data?.kpis) ? 'dashboard.kpis.definitions' : 'dashboard.kpis.definitionsWithoutCost')}
      </Typography.Text>
    </Flex>
  );
}
