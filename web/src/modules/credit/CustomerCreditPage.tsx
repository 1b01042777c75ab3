import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Modal,
  Result,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Language } from '../../../../contracts/auth.ts';
import type {
  CreditCustomerDetail,
  CreditDecisionView,
  CreditRating,
  FactorResult,
  LimitRequest,
} from '../../../../contracts/credit.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime, formatMoney, formatPercent } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { CollectionLog } from './CollectionLog.tsx';
import { DecideModal, LimitRequestModal, StatusModal } from './CreditDialogs.tsx';
import { CreditInputsCard } from './CreditInputsCard.tsx';
import { CreditStatusTag, DecisionStatusTag, GradeTag, gradeColours } from './CreditTags.tsx';
import {
  useCreditPolicy,
  useCustomerCredit,
  useDecideLimitRequest,
  useRateNow,
  useRatingExplanation,
} from './credit.api.ts';
import { OpenInvoicesCard } from './OpenInvoicesCard.tsx';

export function CustomerCreditPage() {
  const { id } = useParams();
  const customerId = Number(id);
  if (!Number.isInteger(customerId) || customerId <= 0) return <NotFoundPage />;
  return <CustomerCredit customerId={customerId} />;
}

/** What a factor's score was based on, from the rating's stored inputs and facts. */
export function describeFactor(
  factor: FactorResult,
  rating: CreditRating,
  t: TFunction,
  lang: Language,
): string {
  const { inputs, facts } = rating;
  const money = (fen: number) => formatMoney(fen, lang);
  switch (factor.factor) {
    case 'punctuality':
      return inputs.punctuality
        ? `${t('credit.values.punctuality', {
            paid: money(inputs.punctuality.paidOnTimeFen),
            invoiced: money(inputs.punctuality.invoicedFen),
          })} (${facts.invoicesDueCount})`
        : t('credit.values.noInvoices');
    case 'daysPastDue':
      return t('credit.values.days', { days: inputs.worstDaysPastDue });
    case 'badDebt':
      return inputs.hasBadDebt
        ? t('credit.values.badDebtAny', { amount: money(facts.badDebtFen) })
        : t('credit.values.badDebtNone');
    case 'utilisation':
      return t('credit.values.utilisation', {
        exposure: money(inputs.exposureFen),
        limit: money(inputs.limitFen),
      });
    case 'relationshipAge':
      return `${t('credit.values.years', { years: inputs.relationshipYears })}${
        facts.firstOrderDate ? ` · ${formatDate(facts.firstOrderDate, lang)}` : ''
      }`;
    case 'orderStability':
      return facts.orderCv === null
        ? t('credit.values.noOrders')
        : t('credit.values.cv', { cv: facts.orderCv.toFixed(2) });
    case 'qualification': {
      const problems = [...facts.expiredQualifications, ...facts.expiringQualifications];
      return `${t(`credit.qualificationStates.${inputs.qualification}`)}${problems.length ? ` (${problems.join(', ')})` : ''}`;
    }
  }
}

function CustomerCredit({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const credit = useCustomerCredit(customerId);
  const rateNow = useRateNow();
  const [dialog, setDialog] = useState<'limit' | 'status' | null>(null);
  const [explaining, setExplaining] = useState<number | null>(null);
  const canWrite = user.permissions.includes('credit:write');
  const canManage = user.permissions.includes('credit:manage');

  const back = (
    <Link to="/credit">
      <ArrowLeftOutlined /> {t('credit.customer.back')}
    </Link>
  );
  if (credit.isLoading) return <Skeleton active />;
  if (!credit.data) {
    return isApiError(credit.error) && credit.error.status === 404 ? (
      <Result status="404" title={t('credit.customer.notFound')} extra={back} />
    ) : (
      <Flex vertical gap={16}>
        {back}
        <ErrorAlert error={credit.error} />
      </Flex>
    );
  }
  const data = credit.data;

  return (
    <Flex vertical gap={16}>
      {back}
      <Card
        title={
          <Flex align="center" gap={8} wrap style={{ padding: '8px 0' }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="credit-customer-title">
              {data.customerName}
            </Typography.Title>
            <GradeTag grade={data.latest?.grade ?? null} />
            <CreditStatusTag status={data.status} />
          </Flex>
        }
        extra={
          <Flex gap={8} wrap>
            {user.permissions.includes('customers:read') && (
              <Link to={`/customers/${data.customerId}`}>{t('credit.customer.openCustomer')}</Link>
            )}
            {canWrite && (
              <Button
                icon={<ReloadOutlined />}
                data-testid="credit-rate-now"
                loading={rateNow.isPending}
                onClick={async () => {
                  try {
                    await rateNow.mutateAsync(data.customerId);
                    void message.success(t('credit.customer.rated'));
                  } catch (error) {
                    void message.error(isApiError(error) ? error.message : t('errors.unexpected'));
                  }
                }}
              >
                {t('credit.customer.rateNow')}
              </Button>
            )}
            {canWrite && (
              <Button data-testid="credit-request-limit" onClick={() => setDialog('limit')}>
                {t('credit.customer.requestLimit')}
              </Button>
            )}
            {canManage && data.isRated && (
              <Button data-testid="credit-change-status" onClick={() => setDialog('status')}>
                {t('credit.customer.changeStatus')}
              </Button>
            )}
          </Flex>
        }
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        {!data.isRated && (
          <Typography.Paragraph type="secondary">{t('credit.customer.notRated')}</Typography.Paragraph>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <ScoreGauge score={data.latest?.score ?? null} />
          </Col>
          <Col xs={24} md={16}>
            <LimitsPanel data={data} />
          </Col>
        </Row>
      </Card>
      {data.latest && (
        <Card title={t('credit.customer.breakdown')} size="small" extra={t('credit.customer.weightsNote')}>
          <FactorTable rating={data.latest} />
        </Card>
      )}
      <CreditInputsCard customerId={data.customerId} inputs={data.optionalInputs} canWrite={canWrite} />
      {data.history.length > 0 && (
        <Card title={t('credit.customer.history')} size="small">
          <HistoryChart history={data.history} />
          <HistoryTable data={data} onExplain={setExplaining} />
        </Card>
      )}
      <Card title={t('credit.customer.limitRequests')} size="small">
        <LimitRequestTable requests={data.limitRequests} canDecide={canManage} />
      </Card>
      <Card title={t('credit.customer.decisions')} size="small">
        <DecisionTable decisions={data.decisions} />
      </Card>
      {user.permissions.includes('finance:read') && <OpenInvoicesCard customerId={data.customerId} />}
      <Card title={t('credit.collections.log')} size="small" data-testid="credit-page-collection-log">
        <CollectionLog customerId={data.customerId} />
      </Card>
      {dialog === 'limit' && (
        <LimitRequestModal
          customerId={data.customerId}
          currentLimitFen={data.limitFen}
          recommendedLimitFen={data.latest?.recommendedLimitFen ?? null}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'status' && (
        <StatusModal
          customerId={data.customerId}
          status={data.status}
          version={data.version}
          onClose={() => setDialog(null)}
        />
      )}
      {explaining !== null && <ExplainModal ratingId={explaining} onClose={() => setExplaining(null)} />}
    </Flex>
  );
}

function ScoreGauge({ score }: { score: number | null }) {
  const { t } = useTranslation();
  const policy = useCreditPolicy();
  const bounds = policy.data?.config.gradeBounds ?? { A: 85, B: 70, C: 55, D: 40 };
  const option = useMemo<EChartsOption>(
    () => ({
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          // The axis shows the grade bands of the policy in force; the pointer shows the score.
          progress: { show: false },
          axisLine: {
            lineStyle: {
              width: 14,
              color: [
                [bounds.D / 100, gradeColours.E],
                [bounds.C / 100, gradeColours.D],
                [bounds.B / 100, gradeColours.C],
                [bounds.A / 100, gradeColours.B],
                [1, gradeColours.A],
              ],
            },
          },
          axisTick: { show: false },
          splitLine: { length: 8 },
          axisLabel: { distance: 18, fontSize: 10 },
          pointer: { show: score !== null },
          title: { show: false },
          detail: {
            valueAnimation: true,
            fontSize: 26,
            offsetCenter: [0, '72%'],
            formatter: (value: number) => (score === null ? EMPTY_VALUE : value.toFixed(2)),
          },
          data: [{ value: score ?? 0, name: t('credit.customer.gauge') }],
        },
      ],
    }),
    [score, t, bounds.A, bounds.B, bounds.C, bounds.D],
  );
  return <EChart option={option} height={240} testId="credit-gauge" ariaLabel={t('credit.customer.gauge')} />;
}

function LimitsPanel({ data }: { data: CreditCustomerDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { exposure } = data;
  // Two bars: the exposure (receivables + orders not invoiced) against the limit, with the
  // 20 % above it that a regional manager may still approve.
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (v === null || v === undefined ? '' : formatMoney(Number(v), lang)),
      },
      legend: { top: 0 },
      xAxis: {
        type: 'value',
        min: Math.min(0, exposure.exposureFen),
        axisLabel: { formatter: (v: number) => formatMoney(v, lang, { compact: true }) },
      },
      yAxis: { type: 'category', data: [t('credit.fields.limit'), t('credit.fields.exposure')] },
      series: [
        {
          type: 'bar',
          stack: 'amount',
          name: t('credit.fields.limit'),
          data: [data.limitFen, null],
          itemStyle: { color: '#8c8c8c' },
        },
        {
          type: 'bar',
          stack: 'amount',
          name: '120 %',
          data: [Math.round(data.limitFen * 0.2), null],
          itemStyle: { color: '#d9d9d9' },
        },
        {
          type: 'bar',
          stack: 'amount',
          name: t('credit.fields.openReceivables'),
          data: [null, exposure.openReceivablesFen],
          itemStyle: { color: '#1677ff' },
        },
        {
          type: 'bar',
          stack: 'amount',
          name: t('credit.fields.openOrders'),
          data: [null, exposure.openOrdersFen],
          itemStyle: { color: '#69b1ff' },
        },
      ],
    }),
    [exposure, data.limitFen, t, lang],
  );
  const utilisation = data.limitFen > 0 ? exposure.exposureFen / data.limitFen : null;
  return (
    <Flex vertical gap={12}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('credit.fields.limit')}
            value={formatMoney(data.limitFen, lang)}
            data-testid="credit-limit"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('credit.fields.recommendedLimit')}
            value={data.latest ? formatMoney(data.latest.recommendedLimitFen, lang) : EMPTY_VALUE}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('credit.fields.exposure')} value={formatMoney(exposure.exposureFen, lang)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('credit.fields.utilisation')}
            value={utilisation === null ? EMPTY_VALUE : formatPercent(utilisation, lang)}
          />
        </Col>
      </Row>
      <EChart
        option={option}
        height={140}
        testId="credit-exposure"
        ariaLabel={t('credit.customer.exposureTitle')}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'terms', label: t('credit.fields.paymentTerms'), children: data.paymentTermsDays },
          {
            key: 'worst',
            label: t('credit.factors.daysPastDue'),
            children: t('credit.values.days', { days: exposure.worstDaysPastDue }),
          },
          { key: 'region', label: t('credit.fields.region'), children: data.regionName },
        ]}
      />
    </Flex>
  );
}

function FactorTable({ rating }: { rating: CreditRating }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const columns: ColumnsType<FactorResult> = [
    {
      key: 'factor',
      title: t('credit.fields.factor'),
      render: (_v, f) => t(`credit.factors.${f.factor}`),
      width: 160,
    },
    { key: 'weight', title: t('credit.fields.weight'), dataIndex: 'weight', align: 'right', width: 70 },
    {
      key: 'score',
      title: t('credit.fields.factorScore'),
      align: 'right',
      width: 90,
      render: (_v, f) => (
        <Flex gap={4} justify="end" align="center">
          {f.isNeutral && <Tag title={t('credit.customer.neutral')}>N</Tag>}
          {f.score.toFixed(2)}
        </Flex>
      ),
    },
    { key: 'points', title: t('credit.fields.points'), dataIndex: 'weighted', align: 'right', width: 90 },
    { key: 'value', title: t('credit.fields.value'), render: (_v, f) => describeFactor(f, rating, t, lang) },
  ];
  return (
    <Table<FactorResult>
      data-testid="credit-factors"
      rowKey="factor"
      size="small"
      columns={columns}
      dataSource={rating.factors}
      pagination={false}
      scroll={{ x: 'max-content' }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3}>
            {t('credit.fields.score')} · v{rating.policyVersion} · {formatDate(rating.asOf, lang)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <strong>{rating.score.toFixed(2)}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2}>
            <GradeTag grade={rating.grade} />
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function HistoryChart({ history }: { history: CreditCustomerDetail['history'] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const ordered = useMemo(() => [...history].reverse(), [history]);
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: ordered.map((h) => formatDate(h.asOf, lang)) },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: t('credit.fields.score') },
        {
          type: 'value',
          min: 0,
          axisLabel: { formatter: (v: number) => formatMoney(v, lang, { compact: true }) },
        },
      ],
      series: [
        {
          type: 'line',
          name: t('credit.fields.score'),
          data: ordered.map((h) => h.score),
          label: {
            show: ordered.length <= 12,
            formatter: (p: { dataIndex: number }) => ordered[p.dataIndex]?.grade ?? '',
          },
        },
        {
          type: 'line',
          step: 'end',
          yAxisIndex: 1,
          name: t('credit.fields.recommendedLimit'),
          data: ordered.map((h) => h.recommendedLimitFen),
        },
      ],
    }),
    [ordered, t, lang],
  );
  return (
    <EChart option={option} height={240} testId="credit-history" ariaLabel={t('credit.customer.history')} />
  );
}

function HistoryTable({ data, onExplain }: { data: CreditCustomerDetail; onExplain: (id: number) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  type Row = CreditCustomerDetail['history'][number];
  const columns: ColumnsType<Row> = [
    { key: 'at', title: t('credit.fields.lastRated'), render: (_v, h) => formatDateTime(h.ratedAt, lang) },
    {
      key: 'trigger',
      title: t('credit.fields.trigger'),
      render: (_v, h) => t(`credit.triggers.${h.trigger}`),
    },
    { key: 'score', title: t('credit.fields.score'), align: 'right', render: (_v, h) => h.score.toFixed(2) },
    { key: 'grade', title: t('credit.fields.grade'), render: (_v, h) => <GradeTag grade={h.grade} /> },
    { key: 'policy', title: t('credit.fields.policyVersion'), render: (_v, h) => `v${h.policyVersion}` },
    {
      key: 'explain',
      title: '',
      render: (_v, h) => (
        <Button type="link" size="small" onClick={() => onExplain(h.id)}>
          {t('credit.customer.explain')}
        </Button>
      ),
    },
  ];
  return (
    <Table<Row>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data.history}
      pagination={{ pageSize: 6, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
    />
  );
}

function ExplainModal({ ratingId, onClose }: { ratingId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rating = useRatingExplanation(ratingId);
  return (
    <Modal open onCancel={onClose} footer={null} width={760} title={t('credit.customer.breakdown')}>
      <ErrorAlert error={rating.error} />
      {rating.data ? (
        <Flex vertical gap={12}>
          <Typography.Text data-testid="credit-recomputed">
            {t('credit.customer.recomputed', {
              version: rating.data.policyVersion,
              score: rating.data.recomputedScore.toFixed(2),
            })}{' '}
            · {formatDateTime(rating.data.ratedAt, lang)}
          </Typography.Text>
          <FactorTable rating={rating.data} />
        </Flex>
      ) : (
        <Skeleton active />
      )}
    </Modal>
  );
}

function LimitRequestTable({ requests, canDecide }: { requests: LimitRequest[]; canDecide: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const decide = useDecideLimitRequest();
  const [deciding, setDeciding] = useState<{ request: LimitRequest; approve: boolean } | null>(null);
  const columns: ColumnsType<LimitRequest> = [
    {
      key: 'at',
      title: t('credit.fields.requestedAt'),
      render: (_v, r) => formatDateTime(r.requestedAt, lang),
    },
    {
      key: 'current',
      title: t('credit.fields.currentLimit'),
      align: 'right',
      render: (_v, r) => formatMoney(r.currentLimitFen, lang),
    },
    {
      key: 'requested',
      title: t('credit.fields.requestedLimit'),
      align: 'right',
      render: (_v, r) => formatMoney(r.requestedLimitFen, lang),
    },
    { key: 'reason', title: t('credit.fields.reason'), dataIndex: 'reason' },
    { key: 'by', title: t('credit.fields.requestedBy'), render: (_v, r) => r.requestedByName ?? EMPTY_VALUE },
    {
      key: 'status',
      title: t('credit.fields.status'),
      render: (_v, r) =>
        r.status === 'pending' && canDecide ? (
          <Flex gap={4}>
            <Button size="small" type="primary" onClick={() => setDeciding({ request: r, approve: true })}>
              {t('credit.limitRequest.approve')}
            </Button>
            <Button size="small" danger onClick={() => setDeciding({ request: r, approve: false })}>
              {t('credit.limitRequest.reject')}
            </Button>
          </Flex>
        ) : (
          <Tag>{t(`credit.limitStatuses.${r.status}`)}</Tag>
        ),
    },
  ];
  return (
    <>
      <Table<LimitRequest>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={requests}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {deciding && (
        <DecideModal
          title={t(deciding.approve ? 'credit.limitRequest.approve' : 'credit.limitRequest.reject')}
          summary={`${deciding.request.customerName}: ${formatMoney(deciding.request.currentLimitFen, lang)} → ${formatMoney(
            deciding.request.requestedLimitFen,
            lang,
          )} · ${deciding.request.reason}`}
          isReject={!deciding.approve}
          error={decide.error}
          pending={decide.isPending}
          onClose={() => {
            decide.reset();
            setDeciding(null);
          }}
          onSubmit={async (note) => {
            await decide.mutateAsync({ id: deciding.request.id, approve: deciding.approve, note });
            void message.success(
              t(deciding.approve ? 'credit.limitRequest.approved' : 'credit.limitRequest.rejectedDone'),
            );
          }}
        />
      )}
    </>
  );
}

export function DecisionTable({ decisions }: { decisions: CreditDecisionView[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const columns: ColumnsType<CreditDecisionView> = [
    {
      key: 'at',
      title: t('credit.fields.requestedAt'),
      render: (_v, d) => formatDateTime(d.requestedAt, lang),
    },
    {
      key: 'order',
      title: t('credit.fields.order'),
      render: (_v, d) =>
        d.orderId ? <Link to={`/orders/${d.orderId}`}>{d.orderNumber ?? d.orderId}</Link> : EMPTY_VALUE,
    },
    {
      key: 'amount',
      title: t('credit.fields.orderAmount'),
      align: 'right',
      render: (_v, d) => formatMoney(d.orderFen, lang),
    },
    {
      key: 'outcome',
      title: t('credit.fields.outcome'),
      render: (_v, d) => t(`credit.outcomes.${d.outcome}`),
    },
    {
      key: 'status',
      title: t('credit.fields.status'),
      render: (_v, d) => <DecisionStatusTag status={d.status} />,
    },
    { key: 'reason', title: t('credit.fields.reason'), dataIndex: 'reason' },
  ];
  return (
    <Table<CreditDecisionView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={decisions}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}
