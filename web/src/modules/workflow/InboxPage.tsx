import { CheckOutlined, CloseOutlined, ExclamationCircleOutlined, RightOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, Flex, List, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { Task } from '../../../../contracts/workflow.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime, formatMoney } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { type DecisionKind, DecisionModal } from './DecisionModal.tsx';
import { DelegationsPanel } from './DelegationsPanel.tsx';
import { ApprovalStatusTag, TaskKindTag } from './WorkflowTags.tsx';
import { useCompleteTask, useMyApprovals, useTasks, useWorkflowCounts } from './workflow.api.ts';

/** One task as a card: big enough to approve or reject with a thumb on a phone. */
function TaskCard({
  task,
  onDecide,
}: {
  task: Task;
  onDecide: (approvalId: number, kind: DecisionKind) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const complete = useCompleteTask();
  const isApproval = task.kind === 'approval' && task.approvalId !== null;
  const open = () => {
    if (isApproval) void navigate(`/workflow/approvals/${task.approvalId}`);
    else if (task.link) void navigate(task.link);
  };
  return (
    <Card
      size="small"
      data-testid={`task-${task.id}`}
      data-approval-id={task.approvalId ?? undefined}
      style={{ width: '100%' }}
      styles={{ body: { padding: 12 } }}
    >
      <Flex vertical gap={8}>
        <Flex gap={8} wrap align="center">
          <TaskKindTag kind={task.kind} />
          {task.isOverdue && task.status === 'open' && (
            <Tag color="red" icon={<ExclamationCircleOutlined />}>
              {t('workflow.inbox.overdue')}
            </Tag>
          )}
          {task.isEscalation && <Tag color="orange">{t('workflow.inbox.escalated')}</Tag>}
          {task.delegatedFrom && (
            <Tag color="purple">
              {t('workflow.inbox.delegatedFrom', { name: task.delegatedFrom.displayName })}
            </Tag>
          )}
        </Flex>
        <Typography.Link strong onClick={open} data-testid={`task-open-${task.id}`}>
          {task.title}
        </Typography.Link>
        {task.detail && <Typography.Text type="secondary">{task.detail}</Typography.Text>}
        <Flex gap={12} wrap style={{ fontSize: 13 }}>
          {task.amountFen !== null && (
            <Typography.Text strong>{formatMoney(task.amountFen, lang)}</Typography.Text>
          )}
          {task.initiator && (
            <Typography.Text type="secondary">
              {t('workflow.inbox.initiator')}: {task.initiator.displayName}
            </Typography.Text>
          )}
          {task.dueAt && (
            <Typography.Text type={task.isOverdue ? 'danger' : 'secondary'}>
              {t('workflow.inbox.dueAt', { when: formatDateTime(task.dueAt, lang) })}
            </Typography.Text>
          )}
        </Flex>
        {task.status === 'open' && (
          <Flex gap={8} wrap>
            {isApproval ? (
              <>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  onClick={() => onDecide(task.approvalId!, 'approve')}
                  data-testid={`task-approve-${task.id}`}
                >
                  {t('workflow.actions.approve')}
                </Button>
                <Button
                  danger
                  icon={<CloseOutlined />}
                  onClick={() => onDecide(task.approvalId!, 'reject')}
                  data-testid={`task-reject-${task.id}`}
                >
                  {t('workflow.actions.reject')}
                </Button>
              </>
            ) : (
              <Button
                icon={<CheckOutlined />}
                loading={complete.isPending}
                onClick={() =>
                  complete.mutate(task.id, {
                    onError: (error) => void message.error(describeError(error, t)),
                  })
                }
                data-testid={`task-complete-${task.id}`}
              >
                {t('workflow.inbox.complete')}
              </Button>
            )}
            <Button type="text" icon={<RightOutlined />} onClick={open} disabled={!isApproval && !task.link}>
              {t('workflow.inbox.open')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

function TaskList({ status }: { status: 'open' | 'done' }) {
  const { t } = useTranslation();
  const tasks = useTasks(status);
  const [decision, setDecision] = useState<{ approvalId: number; kind: DecisionKind } | null>(null);
  if (tasks.error) return <ErrorAlert error={tasks.error} />;
  return (
    <>
      <List
        loading={tasks.isLoading}
        dataSource={tasks.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('workflow.inbox.empty')} /> }}
        data-testid={`inbox-${status}`}
        renderItem={(task) => (
          <List.Item style={{ padding: '6px 0', border: 'none' }}>
            <TaskCard task={task} onDecide={(approvalId, kind) => setDecision({ approvalId, kind })} />
          </List.Item>
        )}
      />
      <DecisionModal
        approvalId={decision?.approvalId ?? 0}
        kind={decision?.kind ?? null}
        onClose={() => setDecision(null)}
      />
    </>
  );
}

function MyApprovals() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const approvals = useMyApprovals();
  if (approvals.error) return <ErrorAlert error={approvals.error} />;
  return (
    <List
      loading={approvals.isLoading}
      dataSource={approvals.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('common.noData')} /> }}
      data-testid="inbox-mine"
      renderItem={(approval) => (
        <List.Item
          extra={<ApprovalStatusTag status={approval.status} />}
          data-testid={`my-approval-${approval.id}`}
        >
          <List.Item.Meta
            title={
              <Link to={`/workflow/approvals/${approval.id}`}>
                {t(`workflow.documentTypes.${approval.documentType}`)} {approval.documentRef}
              </Link>
            }
            description={
              <Space wrap size={12}>
                {approval.amountFen !== null && formatMoney(approval.amountFen, lang)}
                {formatDateTime(approval.startedAt, lang)}
                {approval.title}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** /workflow: my tasks (approvals, follow-ups, collections, compliance), what I sent, my delegations. */
export function InboxPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const counts = useWorkflowCounts();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'open';
  return (
    <Flex vertical gap={12} style={{ maxWidth: 880 }}>
      <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }} data-testid="inbox-title">
        {t('workflow.inbox.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'open',
            label: (
              <Badge count={counts.data?.openTasks ?? 0} size="small" offset={[8, -2]}>
                {t('workflow.inbox.tabs.open')}
              </Badge>
            ),
            children: <TaskList status="open" />,
          },
          { key: 'done', label: t('workflow.inbox.tabs.done'), children: <TaskList status="done" /> },
          { key: 'mine', label: t('workflow.inbox.tabs.mine'), children: <MyApprovals /> },
          { key: 'delegations', label: t('workflow.inbox.tabs.delegations'), children: <DelegationsPanel /> },
        ]}
      />
    </Flex>
  );
}
