import {
  BarChart,
  type BarSeriesOption,
  FunnelChart,
  type FunnelSeriesOption,
  GaugeChart,
  type GaugeSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
  ScatterChart,
  type ScatterSeriesOption,
  TreemapChart,
  type TreemapSeriesOption,
} from 'echarts/charts';
import {
  DataZoomComponent,
  type DataZoomComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TitleComponent,
  type TitleComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
  VisualMapComponent,
  type VisualMapComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECElementEvent, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePrefersReducedMotion } from '../motion.ts';

// Only what the dashboards use is registered, to keep the echarts chunk small.
use([
  BarChart,
  LineChart,
  PieChart,
  TreemapChart,
  GaugeChart,
  FunnelChart,
  ScatterChart,
  TitleComponent,
  TooltipComponent,
  LegendComponent,
  GridComponent,
  DataZoomComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type EChartsOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | TreemapSeriesOption
  | GaugeSeriesOption
  | FunnelSeriesOption
  | ScatterSeriesOption
  | TitleComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | GridComponentOption
  | DataZoomComponentOption
  | VisualMapComponentOption
>;

const chartEventNames = ['click', 'dblclick', 'mouseover', 'mouseout'] as const;
export type EChartEventHandlers = Partial<
  Record<(typeof chartEventNames)[number], (event: ECElementEvent) => void>
>;

export interface EChartProps {
  option: EChartsOption;
  height?: CSSProperties['height'];
  style?: CSSProperties;
  /** Replace the whole option instead of merging it into the previous one. */
  notMerge?: boolean;
  loading?: boolean;
  /** e.g. `{ click: (e) => drillDown(e.name) }` */
  onEvents?: EChartEventHandlers;
  ariaLabel?: string;
  testId?: string;
}

export function EChart({
  option,
  height = 320,
  style,
  notMerge = false,
  loading = false,
  onEvents,
  ariaLabel,
  testId,
}: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  // Kept in state so the effects below re-apply to a chart re-created for a new locale.
  const [chart, setChart] = useState<ECharts | null>(null);
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'EN' : 'ZH';
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const instance = init(container, undefined, { locale });
    setChart(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      instance.dispose();
      setChart(null);
    };
  }, [locale]);

  useEffect(() => {
    // Drawn at once, without the growing bars and lines, for a user who asked for less motion
    // (set either way, so that a merged option follows the setting when it changes).
    chart?.setOption({ ...option, animation: !reducedMotion }, { notMerge });
  }, [chart, option, notMerge, reducedMotion]);

  useEffect(() => {
    if (loading) chart?.showLoading();
    else chart?.hideLoading();
  }, [chart, loading]);

  useEffect(() => {
    if (!chart || !onEvents) return;
    const bound = chartEventNames.flatMap((name) => {
      const handler = onEvents[name];
      return handler ? [{ name, handler }] : [];
    });
    for (const { name, handler } of bound) chart.on(name, handler);
    return () => {
      for (const { name, handler } of bound) chart.off(name, handler);
    };
  }, [chart, onEvents]);

  return (
    <div
      ref={containerRef}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', height, ...style }}
    />
  );
}
