import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiAlert, KpiAlertEvaluation } from '../../../../contracts/kpi-alerts.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { AlertFormDrawer } from './AlertFormDrawer.tsx';
import { formatMeasureValue } from './alertFormat.ts';
import { useDeleteKpiAlert, useEvaluateKpiAlert, useKpiAlerts } from './alerts.api.ts';

type StateKey = 'crossed' | 'ok' | 'pending' | 'paused' | 'error';

function stateOf(alert: KpiAlert): StateKey {
  if (!alert.isActive) return 'paused';
  if (alert.lastError) return 'error';
  if (alert.isCrossed === null) return 'pending';
  return alert.isCrossed ? 'crossed' : 'ok';
}

const stateColors: Record<StateKey, string> = {
  crossed: 'red',
  ok: 'green',
  pending: 'default',
  paused: 'default',
  error: 'orange',
};

/**
 * KPI alerts: each with its last evaluated value and state (from the daily job), "evaluate now"
 * for the value at this moment, and a drawer to create or edit one.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const isAdmin = useCurrentUser().roles.includes('admin');
  const alerts = useKpiAlerts(lang);
  const evaluate = useEvaluateKpiAlert();
  const remove = useDeleteKpiAlert();
  const [editing, setEditing] = useState<KpiAlert | 'new' | null>(null);
  const [now, setNow] = useState<Record<number, KpiAlertEvaluation>>({});

  async function evaluateNow(alert: KpiAlert) {
    try {
      const result = await evaluate.mutateAsync(alert.id);
      setNow((current) => ({ ...current, [alert.id]: result }));
      message.info(
        t('kpiAlerts.evaluated', {
          value: formatMeasureValue(alert.measureType, result.value, lang),
          from: result.timeRange.from,
          to: result.timeRange.to,
          state: t(`kpiAlerts.states.${result.isCrossed ? 'crossed' : 'ok'}`),
        }),
      );
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <Flex vertical gap={16} data-testid="kpi-alerts-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('kpiAlerts.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="kpi-alert-new"
        >
          {t('kpiAlerts.create')}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t('kpiAlerts.intro')}</Typography.Text>
      {alerts.error ? <ErrorAlert error={alerts.error} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
      <Table<KpiAlert>
        rowKey="id"
        size="small"
        loading={alerts.isLoading}
        dataSource={alerts.data?.items ?? []}
        locale={{ emptyText: t('kpiAlerts.empty') }}
        scroll={{ x: 1000 }}
        data-testid="kpi-alerts"
        columns={[
          { title: t('kpiAlerts.name'), dataIndex: 'name' },
          ...(isAdmin ? [{ title: t('kpiAlerts.owner'), dataIndex: 'ownerName' }] : []),
          {
            title: t('kpiAlerts.condition'),
            key: 'condition',
            render: (_, a) =>
              `${a.measureLabel} · ${t(`kpiAlerts.periods.${a.period}`)} ${a.operator} ${formatMeasureValue(a.measureType, a.thresholdValue, lang)}`,
          },
          {
            title: t('kpiAlerts.lastValue'),
            key: 'lastValue',
            align: 'right',
            render: (_, a) => formatMeasureValue(a.measureType, a.lastValue, lang),
          },
          {
            title: t('kpiAlerts.nowValue'),
            key: 'now',
            align: 'right',
            render: (_, a) => {
              const result = now[a.id];
              return result ? formatMeasureValue(a.measureType, result.value, lang) : EMPTY_VALUE;
            },
          },
          {
            title: t('kpiAlerts.state'),
            key: 'state',
            render: (_, a) => {
              const state = stateOf(a);
              const tag = <Tag color={stateColors[state]}>{t(`kpiAlerts.states.${state}`)}</Tag>;
              return a.lastError ? <Tooltip title={a.lastError}>{tag}</Tooltip> : tag;
            },
          },
          {
            title: t('kpiAlerts.lastEvaluatedAt'),
            dataIndex: 'lastEvaluatedAt',
            render: (v: string | null) => (v ? formatDateTime(v, lang) : EMPTY_VALUE),
          },
          {
            key: 'actions',
            render: (_, a) => (
              <Space size={4} wrap>
                <Button
                  size="small"
                  onClick={() => void evaluateNow(a)}
                  loading={evaluate.isPending && evaluate.variables === a.id}
                  data-testid={`kpi-alert-evaluate-${a.id}`}
                >
                  {t('kpiAlerts.evaluateNow')}
                </Button>
                {a.canEdit ? (
                  <>
                    <Button size="small" onClick={() => setEditing(a)}>
                      {t('kpiAlerts.edit')}
                    </Button>
                    <Popconfirm
                      title={t('kpiAlerts.deleteConfirm', { name: a.name })}
                      onConfirm={() => remove.mutateAsync(a.id)}
                    >
                      <Button size="small" danger>
                        {t('kpiAlerts.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <AlertFormDrawer alert={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Flex>
  );
}
