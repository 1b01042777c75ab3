import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { AssigneeSpec, AutomationRule } from '../../../../contracts/workflow.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime, formatMoney } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useRules, useRunRule, useRuns, useUpdateRule } from './workflow.api.ts';

function useDescribe() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const assignee = (a: AssigneeSpec) => {
    if (a.kind === 'owner') {
      return a.fallbackRole
        ? t('workflow.automation.assignees.ownerOr', { role: t(`workflow.roles.${a.fallbackRole}`) })
        : t('workflow.automation.assignees.owner');
    }
    if (a.kind === 'role') return t(`workflow.roles.${a.role}`);
    return t('workflow.automation.assignees.user', { id: a.userId });
  };
  return {
    trigger: (rule: AutomationRule) =>
      rule.trigger.kind === 'event'
        ? t(`workflow.automation.events.${rule.trigger.event}`)
        : t(`workflow.automation.scans.${rule.trigger.scan}`),
    condition: (rule: AutomationRule) => {
      const c = rule.condition;
      const parts = [
        c.withinDays !== undefined && t('workflow.automation.conditions.withinDays', { count: c.withinDays }),
        c.idleDays !== undefined && t('workflow.automation.conditions.idleDays', { count: c.idleDays }),
        c.minAmountFen !== undefined &&
          t('workflow.automation.conditions.minAmountFen', { amount: formatMoney(c.minAmountFen, lang) }),
        c.onlyDrops && t('workflow.automation.conditions.onlyDrops'),
        c.toGrades && t('workflow.automation.conditions.toGrades', { grades: c.toGrades.join('/') }),
        c.documentTypes &&
          t('workflow.automation.conditions.documentTypes', {
            types: c.documentTypes.map((d) => t(`workflow.documentTypes.${d}`)).join('、'),
          }),
      ].filter(Boolean);
      return parts.length > 0 ? parts.join('；') : t('workflow.automation.conditions.none');
    },
    action: (rule: AutomationRule) => {
      const a = rule.action;
      switch (a.type) {
        case 'create_task':
          return t('workflow.automation.actions.create_task', {
            kind: t(`workflow.taskKinds.${a.taskKind}`),
            assignee: assignee(a.assignee),
          });
        case 'notify':
          return t('workflow.automation.actions.notify', { assignee: assignee(a.assignee) });
        case 'webhook':
          return t('workflow.automation.actions.webhook', { id: a.webhookId });
        case 'start_approval':
          return t('workflow.automation.actions.start_approval', {
            type: t(`workflow.documentTypes.${a.documentType}`),
          });
        case 'draft_document':
          return t('workflow.automation.actions.draft_document');
      }
    },
  };
}

/** /admin/automation: the rules (switch on/off, run a daily scan now) and what they did. */
export function AutomationRulesPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const rules = useRules();
  const runs = useRuns();
  const update = useUpdateRule();
  const runNow = useRunRule();
  const describe = useDescribe();

  const columns: ColumnsType<AutomationRule> = [
    { key: 'name', title: t('workflow.policies.ruleName'), dataIndex: 'name', width: 260 },
    {
      key: 'trigger',
      title: t('workflow.automation.trigger'),
      render: (_, r) => <Tag>{describe.trigger(r)}</Tag>,
      width: 200,
    },
    {
      key: 'condition',
      title: t('workflow.automation.condition'),
      render: (_, r) => describe.condition(r),
      width: 200,
    },
    {
      key: 'action',
      title: t('workflow.automation.action'),
      render: (_, r) => describe.action(r),
      width: 260,
    },
    {
      key: 'active',
      title: t('workflow.automation.active'),
      width: 80,
      render: (_, r) => (
        <Switch
          checked={r.isActive}
          loading={update.isPending && update.variables?.id === r.id}
          data-testid={`rule-active-${r.code}`}
          onChange={(isActive) =>
            update.mutate(
              { id: r.id, changes: { version: r.version, isActive } },
              { onError: (error) => void message.error(describeError(error, t)) },
            )
          }
        />
      ),
    },
    {
      key: 'fired',
      title: t('workflow.automation.fired'),
      dataIndex: 'firedCount',
      width: 90,
      align: 'right',
    },
    {
      key: 'last',
      title: t('workflow.automation.lastFired'),
      width: 160,
      render: (_, r) => (r.lastFiredAt ? formatDateTime(r.lastFiredAt, lang) : EMPTY_VALUE),
    },
    {
      key: 'run',
      title: t('common.actions'),
      width: 120,
      render: (_, r) =>
        r.trigger.kind === 'schedule' ? (
          <Button
            size="small"
            icon={<PlayCircleOutlined />}
            loading={runNow.isPending && runNow.variables === r.id}
            onClick={() =>
              runNow.mutate(r.id, {
                onSuccess: (result) =>
                  void message.success(t('workflow.automation.ranNow', { count: result.fired })),
                onError: (error) => void message.error(describeError(error, t)),
              })
            }
          >
            {t('workflow.automation.runNow')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }}>
        {t('workflow.automation.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('workflow.automation.intro')}</Typography.Text>
      {rules.error && <ErrorAlert error={rules.error} />}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rules.data ?? []}
        loading={rules.isLoading}
        pagination={false}
        scroll={{ x: 1200 }}
        data-testid="automation-rules"
      />
      <Card size="small" title={t('workflow.automation.runs')}>
        <Table
          rowKey="id"
          size="small"
          loading={runs.isLoading}
          dataSource={runs.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            {
              key: 'at',
              title: t('workflow.automation.lastFired'),
              render: (_, r) => formatDateTime(r.createdAt, lang),
              width: 160,
            },
            { key: 'rule', title: t('workflow.policies.ruleName'), dataIndex: 'ruleName', width: 260 },
            { key: 'subject', title: t('workflow.automation.subject'), dataIndex: 'subjectKey', width: 240 },
            {
              key: 'outcome',
              title: t('workflow.automation.outcome'),
              width: 100,
              render: (_, r) => (
                <Tag color={r.outcome === 'fired' ? 'success' : 'error'}>
                  {t(`workflow.automation.outcomes.${r.outcome}`)}
                </Tag>
              ),
            },
            {
              key: 'detail',
              title: '',
              render: (_, r) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {typeof r.detail.error === 'string' ? r.detail.error : JSON.stringify(r.detail)}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
