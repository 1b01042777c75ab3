import { Button, Card, Col, DatePicker, Empty, Flex, Row, Segmented, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { channels } from '../../../../../contracts/customers.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { businessToday } from '../../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { periodPresets } from '../../dashboard/dashboard.rules.ts';
import { RegionTreeSelect, regionName, useRegions } from '../../regions/index.ts';
import { useAnalyticsCatalogue } from '../analytics.api.ts';
import { usePinnedSavedReports } from '../builder/savedReports.api.ts';
import { DashboardPanel } from './DashboardPanel.tsx';
import {
  type DashboardFilter,
  dashboards,
  findDashboard,
  type PanelSpec,
  panelOfReport,
  toggleCrossFilter,
} from './dashboards.rules.ts';
import { ExpiringDocumentsPanel } from './ExpiringDocumentsPanel.tsx';

/** Which analytics dimension a region of each level filters on. */
const dimensionOfLevel: Record<string, string | undefined> = {
  sales_region: 'region',
  province: 'province',
  city: 'city',
};

/**
 * Role dashboards (regions and reps, products, receivables, inventory, compliance) and the
 * user's own (the saved reports they pinned): layouts of semantic-layer queries with one period
 * and page filters for all panels; clicking a bar or slice filters the other panels (click
 * again to clear). Everything is in the caller's scope, as every analytics query is.
 */
export function DashboardsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  // The module owns /analytics/dashboards/*: the rest of the path names the dashboard.
  const dashboard = findDashboard(useParams()['*']);
  const catalogue = useAnalyticsCatalogue(lang);
  const pinned = usePinnedSavedReports();
  const panels = useMemo(
    () => (dashboard.hasPinnedReports ? (pinned.data?.items ?? []).map(panelOfReport) : dashboard.panels),
    [dashboard, pinned.data],
  );
  const regions = useRegions();
  const today = businessToday();
  const [range, setRange] = useState({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const [regionId, setRegionId] = useState<number | undefined>();
  const [channel, setChannel] = useState<string | undefined>();
  const [crossFilters, setCrossFilters] = useState<DashboardFilter[]>([]);

  const pageFilters = useMemo<DashboardFilter[]>(() => {
    const list: DashboardFilter[] = [];
    const region = regions.data?.find((r) => r.id === regionId);
    const dimension = region ? dimensionOfLevel[region.level] : undefined;
    if (region && dimension) {
      list.push({ dimension, values: [String(region.id)], label: regionName(region, lang), origin: null });
    }
    if (channel) {
      list.push({
        dimension: 'channel',
        values: [channel],
        label: t(`customers.channels.${channel}` as never),
        origin: null,
      });
    }
    return list;
  }, [regions.data, regionId, channel, lang, t]);
  const filters = useMemo(() => [...pageFilters, ...crossFilters], [pageFilters, crossFilters]);

  const onPick = useCallback(
    (panel: PanelSpec, value: { key: string; label: string }) =>
      setCrossFilters((current) => toggleCrossFilter(current, panel, value)),
    [],
  );
  const presets = useMemo(
    () =>
      periodPresets(today).map((preset) => ({
        label: t(`dashboard.presets.${preset.key}`),
        value: [dayjs(preset.from), dayjs(preset.to)] as [dayjs.Dayjs, dayjs.Dayjs],
      })),
    [t, today],
  );

  return (
    <Flex vertical gap={16} data-testid="dashboards">
      <Card size="small">
        <Flex vertical gap={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('analytics.dashboards.title')}
          </Typography.Title>
          <Segmented
            data-testid="dashboard-picker"
            value={dashboard.key}
            onChange={(value) => {
              setCrossFilters([]);
              navigate(`/analytics/dashboards/${value}`);
            }}
            options={dashboards.map((d) => ({
              value: d.key,
              label: t(`analytics.dashboards.titles.${d.title}` as never),
            }))}
            style={{ overflowX: 'auto', maxWidth: '100%' }}
          />
          {!dashboard.hasExpiringDocuments && (
            <Flex gap={8} wrap align="center">
              <DatePicker.RangePicker
                data-testid="dashboards-period"
                value={[dayjs(range.from), dayjs(range.to)]}
                allowClear={false}
                presets={presets}
                onChange={(value) => {
                  const [from, to] = value ?? [];
                  if (from && to) setRange({ from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
                }}
                style={{ width: isMobile ? '100%' : 260 }}
              />
              {user.permissions.includes('regions:read') && (
                <RegionTreeSelect
                  testId="dashboards-region"
                  allowClear
                  limitToScope
                  placeholder={t('dashboard.filters.allRegions')}
                  value={regionId}
                  onChange={setRegionId}
                  style={{ width: isMobile ? '100%' : 200 }}
                />
              )}
              <Select<string>
                data-testid="dashboards-channel"
                allowClear
                placeholder={t('dashboard.filters.allChannels')}
                value={channel}
                onChange={(value?: string) => setChannel(value)}
                options={channels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
                style={{ width: isMobile ? '100%' : 140 }}
              />
              {crossFilters.map((f) => (
                <Tag
                  key={f.origin}
                  closable
                  color="blue"
                  onClose={() => setCrossFilters((current) => current.filter((c) => c.origin !== f.origin))}
                  data-testid="cross-filter"
                >
                  {f.label}
                </Tag>
              ))}
            </Flex>
          )}
        </Flex>
      </Card>
      {catalogue.error && <ErrorAlert error={catalogue.error} />}
      {pinned.error && dashboard.hasPinnedReports && <ErrorAlert error={pinned.error} />}
      {dashboard.hasExpiringDocuments ? (
        <ExpiringDocumentsPanel />
      ) : !catalogue.data || (dashboard.hasPinnedReports && pinned.isLoading) ? (
        <Card loading />
      ) : panels.length === 0 ? (
        <Card>
          <Empty description={t('analytics.dashboards.noPinned')} data-testid="dashboards-no-pinned">
            <Link to="/analytics/reports">
              <Button type="primary">{t('analytics.dashboards.openBuilder')}</Button>
            </Link>
          </Empty>
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {panels.map((panel) => (
            <Col key={`${dashboard.key}-${panel.key}`} xs={24} lg={panel.span}>
              <DashboardPanel
                panel={panel}
                range={range}
                filters={filters}
                catalogue={catalogue.data}
                onPick={onPick}
              />
            </Col>
          ))}
        </Row>
      )}
    </Flex>
  );
}
