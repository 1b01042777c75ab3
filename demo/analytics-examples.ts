/**
 * Demo: a few saved reports and KPI alerts, so the report builder and the alerts page open on
 * something real. They are questions, not figures (each run asks the semantic layer with the
 * caller's own scope), validated by the same contracts the API uses.
 */
import { type CreateSavedReportInput, createSavedReportRequest } from '../contracts/saved-reports.ts';
import type { DemoContext, DemoSection } from './company.ts';

interface ExampleReport extends CreateSavedReportInput {
  owner: string;
}

const reports: ExampleReport[] = [
  {
    owner: 'director',
    name: '产品线月度收入与毛利',
    query: { period: { kind: 'relative', period: 'this_year' } },
    layout: { rows: ['product_line'], columns: ['month'], values: ['revenue', 'gross_profit'] },
    chartKind: 'pivot',
    sharedWithRoles: ['general_manager', 'regional_manager', 'sales_rep'],
  },
  {
    owner: 'director',
    name: '各大区收入与毛利（对比去年同期）',
    query: { period: { kind: 'relative', period: 'this_year' }, comparison: 'same_period_last_year' },
    layout: { rows: ['region'], values: ['revenue', 'gross_profit', 'margin'] },
    chartKind: 'bar',
    sharedWithRoles: ['general_manager', 'regional_manager'],
  },
  {
    owner: 'finance.director',
    name: '逾期应收最多的客户',
    query: { period: { kind: 'relative', period: 'this_month' } },
    layout: { rows: ['customer'], values: ['ar_overdue', 'ar_open', 'overdue_rate'] },
    chartKind: 'table',
    sharedWithRoles: ['finance', 'general_manager'],
  },
];

/** Thresholds in the unit the analytics query returns: fen for money, a fraction for rates. */
const alerts = [
  {
    owner: 'director',
    name: '本月毛利率低于 50%',
    measure: 'margin',
    period: 'month_to_date',
    operator: '<',
    threshold: 0.5,
    notifyRoles: ['general_manager'],
  },
  {
    owner: 'finance.director',
    name: '逾期应收超过 500 万元',
    measure: 'ar_overdue',
    period: 'today',
    operator: '>',
    threshold: 500_000_000,
    notifyRoles: ['finance'],
  },
  {
    owner: 'manager.east',
    name: '华东本月收入低于 300 万元',
    measure: 'revenue',
    period: 'month_to_date',
    operator: '<',
    threshold: 300_000_000,
    notifyRoles: [],
  },
] as const;

async function loadAnalyticsExamples(demo: DemoContext): Promise<void> {
  const ownerId = (username: string) => {
    const id = demo.userIds.get(username);
    if (id === undefined) throw new Error(`demo user ${username} is missing`);
    return id;
  };
  for (const { owner, ...input } of reports) {
    const report = createSavedReportRequest.parse(input);
    await demo.tx.query(
      `INSERT INTO saved_reports (name, owner_id, query, layout, chart_kind, shared_with_roles)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6::text[])`,
      [
        report.name,
        ownerId(owner),
        JSON.stringify(report.query),
        JSON.stringify(report.layout),
        report.chartKind,
        report.sharedWithRoles,
      ],
    );
  }
  for (const alert of alerts) {
    await demo.tx.query(
      `INSERT INTO kpi_alerts (name, owner_id, measure, period, operator, threshold, notify_roles)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[])`,
      [
        alert.name,
        ownerId(alert.owner),
        alert.measure,
        alert.period,
        alert.operator,
        alert.threshold,
        alert.notifyRoles,
      ],
    );
  }
}

export const analyticsExamplesSection: DemoSection = {
  name: 'saved reports and KPI alerts',
  weight: 0.01,
  run: loadAnalyticsExamples,
};
