import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Flex, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AnalyticsCatalogue } from '../../../../../contracts/analytics-query.ts';
import {
  type RelativePeriod,
  type ReportQuery,
  relativePeriods,
  resolveReportPeriod,
} from '../../../../../contracts/saved-reports.ts';
import { businessToday } from '../../../shared/format.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { useAnalyticsQuery } from '../analytics.api.ts';
import { dimensionText } from '../analytics.rules.ts';

type Comparison = NonNullable<ReportQuery['comparison']> | 'none';
type Filter = ReportQuery['filters'][number];

export interface QueryControlsProps {
  catalogue: AnalyticsCatalogue | undefined;
  query: ReportQuery;
  /** The measures on the layout: filter values are looked up with one of them. */
  measures: string[];
  onChange: (query: ReportQuery) => void;
  isReadOnly?: boolean;
}

/** Period (relative or fixed dates), comparison and filters of the report. */
export function QueryControls({
  catalogue,
  query,
  measures,
  onChange,
  isReadOnly = false,
}: QueryControlsProps) {
  const { t } = useTranslation();
  const today = businessToday();
  const period = query.period;
  const setFilters = (filters: Filter[]) => onChange({ ...query, filters });
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong style={{ minWidth: 40 }}>
          {t('analytics.builder.period')}
        </Typography.Text>
        <Select<RelativePeriod | 'fixed'>
          style={{ width: 160 }}
          disabled={isReadOnly}
          value={period.kind === 'relative' ? period.period : 'fixed'}
          data-testid="builder-period"
          onChange={(value) =>
            onChange({
              ...query,
              period:
                value === 'fixed'
                  ? { kind: 'fixed', ...resolveReportPeriod(period, today) }
                  : { kind: 'relative', period: value },
            })
          }
          options={[...relativePeriods, 'fixed' as const].map((p) => ({
            value: p,
            label: t(`analytics.builder.periods.${p}`),
          }))}
        />
        {period.kind === 'fixed' ? (
          <DatePicker.RangePicker
            allowClear={false}
            disabled={isReadOnly}
            value={[dayjs(period.from), dayjs(period.to)]}
            onChange={(v) => {
              if (v?.[0] && v[1]) {
                onChange({
                  ...query,
                  period: { kind: 'fixed', from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') },
                });
              }
            }}
          />
        ) : (
          <Typography.Text type="secondary" data-testid="builder-period-dates">
            {Object.values(resolveReportPeriod(period, today)).join(' ~ ')}
          </Typography.Text>
        )}
        <Select<Comparison>
          style={{ width: 180 }}
          disabled={isReadOnly}
          value={query.comparison ?? 'none'}
          onChange={(value) => onChange({ ...query, comparison: value === 'none' ? null : value })}
          options={[
            { value: 'none', label: t('analytics.builder.noComparison') },
            { value: 'previous_period', label: t('analytics.builder.previous_period') },
            { value: 'same_period_last_year', label: t('analytics.builder.same_period_last_year') },
            // Revenue against the monthly targets (by date, region or rep; whole months count).
            { value: 'target', label: t('analytics.builder.target') },
          ]}
          data-testid="builder-comparison"
        />
      </Flex>
      <Flex gap={8} align="start" wrap>
        <Typography.Text strong style={{ minWidth: 40, lineHeight: '32px' }}>
          {t('analytics.builder.filters')}
        </Typography.Text>
        <Flex vertical gap={6} style={{ flex: 1 }}>
          {query.filters.map((filter, i) => (
            <FilterRow
              // Filters have no id; their position is their identity while editing.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              catalogue={catalogue}
              filter={filter}
              measures={measures}
              timeRange={resolveReportPeriod(period, today)}
              isReadOnly={isReadOnly}
              onChange={(next) => setFilters(query.filters.map((f, j) => (j === i ? next : f)))}
              onRemove={() => setFilters(query.filters.filter((_, j) => j !== i))}
            />
          ))}
          <div>
            <Button
              size="small"
              icon={<PlusOutlined />}
              disabled={isReadOnly || !catalogue}
              data-testid="builder-add-filter"
              // Region is the filter asked for most; the dimension can be changed in the row.
              onClick={() => setFilters([...query.filters, { dimension: 'region', op: 'in', values: [] }])}
            >
              {t('analytics.builder.addFilter')}
            </Button>
          </div>
        </Flex>
      </Flex>
    </Flex>
  );
}

function FilterRow({
  catalogue,
  filter,
  measures,
  timeRange,
  isReadOnly,
  onChange,
  onRemove,
}: {
  catalogue: AnalyticsCatalogue | undefined;
  filter: Filter;
  measures: string[];
  timeRange: { from: string; to: string };
  isReadOnly: boolean;
  onChange: (filter: Filter) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  // The values on offer are the dimension's values with figures in the period, asked of the
  // semantic layer with a measure that can be broken down by it (and within the user's scope).
  const lookupMeasure =
    catalogue?.measures.find((m) => measures.includes(m.name) && m.dimensions.includes(filter.dimension)) ??
    catalogue?.measures.find((m) => m.dimensions.includes(filter.dimension));
  const values = useAnalyticsQuery(
    lookupMeasure
      ? { measures: [lookupMeasure.name], dimensions: [filter.dimension], timeRange, limit: 500 }
      : null,
    lang,
  );
  const translate = (key: string, fallback: string) => t(key as never, { defaultValue: fallback }) as string;
  const options = (values.data?.rows ?? [])
    .filter((row) => row.keys[0] !== null)
    .map((row) => ({ value: row.keys[0]!, label: dimensionText(values.data!, row, 0, translate) }));
  return (
    <Flex gap={6} align="center" wrap data-testid="builder-filter">
      <Select
        style={{ width: 140 }}
        showSearch
        optionFilterProp="label"
        disabled={isReadOnly}
        value={filter.dimension}
        aria-label={t('analytics.builder.filterDimension')}
        onChange={(dimension) => onChange({ ...filter, dimension, values: [] })}
        options={catalogue?.dimensions.map((d) => ({ value: d.name, label: d.label }))}
      />
      <Select
        mode="multiple"
        style={{ minWidth: 220, flex: 1 }}
        disabled={isReadOnly}
        value={filter.values}
        loading={values.isFetching}
        placeholder={t('analytics.builder.filterValues')}
        aria-label={t('analytics.builder.filterValues')}
        optionFilterProp="label"
        onChange={(next) => onChange({ ...filter, values: next })}
        options={options}
      />
      <Checkbox
        disabled={isReadOnly}
        checked={filter.op === 'not_in'}
        onChange={(e) => onChange({ ...filter, op: e.target.checked ? 'not_in' : 'in' })}
      >
        {t('analytics.builder.exclude')}
      </Checkbox>
      <Button
        size="small"
        type="text"
        disabled={isReadOnly}
        icon={<DeleteOutlined />}
        aria-label={t('analytics.builder.removeFilter')}
        onClick={onRemove}
      />
    </Flex>
  );
}
