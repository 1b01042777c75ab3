import {
  ArrowLeftOutlined,
  CheckOutlined,
  CloseOutlined,
  RollbackOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Result,
  Spin,
  Steps,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { Approval } from '../../../../contracts/workflow.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime, formatMoney } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { type DecisionKind, DecisionModal } from './DecisionModal.tsx';
import { PeopleSelect } from './PeopleSelect.tsx';
import { ApprovalStatusTag } from './WorkflowTags.tsx';
import { useApproval, useApprovalAction } from './workflow.api.ts';

type Step = Approval['steps'][number];
type Slot = Step['slots'][number];

function useApproverLabel() {
  const { t } = useTranslation();
  return (slot: Slot) =>
    slot.approver.kind === 'role'
      ? t(`workflow.roles.${slot.approver.role}`)
      : (slot.assignees[0]?.displayName ?? `#${slot.approver.userId}`);
}

const stepStatus = (step: Step): 'wait' | 'process' | 'finish' | 'error' =>
  step.status === 'active'
    ? 'process'
    : step.status === 'approved'
      ? 'finish'
      : step.status === 'rejected' || step.status === 'returned'
        ? 'error'
        : 'wait';

function AddSignerModal({
  approvalId,
  open,
  onClose,
}: {
  approvalId: number;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useApprovalAction();
  const [form] = Form.useForm<{ userId: number; comment?: string }>();
  async function submit() {
    const values = await form.validateFields();
    try {
      await action.mutateAsync({
        id: approvalId,
        action: { kind: 'add-signer', userId: values.userId, comment: values.comment ?? '' },
      });
      form.resetFields();
      onClose();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }
  return (
    <Modal
      open={open}
      title={t('workflow.actions.addSigner')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={action.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="userId" label={t('workflow.actions.signer')} rules={[{ required: true }]}>
          <PeopleSelect testId="signer-select" />
        </Form.Item>
        <Form.Item name="comment" label={t('workflow.actions.comment')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** /workflow/approvals/:id: the document, its steps with their approvers, and who did what when. */
export function ApprovalPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const approval = useApproval(id);
  const approverLabel = useApproverLabel();
  const [decision, setDecision] = useState<DecisionKind | null>(null);
  const [addingSigner, setAddingSigner] = useState(false);

  if (approval.isLoading) return <Spin />;
  if (approval.error || !approval.data) {
    return (
      <Flex vertical gap={12}>
        <ErrorAlert error={approval.error} />
        <Result status="404" subTitle={t('workflow.approval.notFound')} />
      </Flex>
    );
  }
  const a = approval.data;
  const document = `${t(`workflow.documentTypes.${a.documentType}`)} ${a.documentRef}`;
  const name = (p: { displayName: string } | null) => p?.displayName ?? t('workflow.approval.system');

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }} data-testid="approval-page">
      <Flex align="center" gap={8} wrap>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/workflow')} />
        <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }}>
          {t('workflow.approval.title', { document })}
        </Typography.Title>
        <ApprovalStatusTag status={a.status} testId="approval-status" />
      </Flex>

      {(a.can.approve || a.can.withdraw || a.can.resubmit) && (
        <Flex gap={8} wrap data-testid="approval-actions">
          {a.can.approve && (
            <>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => setDecision('approve')}
                data-testid="approve"
              >
                {t('workflow.actions.approve')}
              </Button>
              <Button
                danger
                icon={<CloseOutlined />}
                onClick={() => setDecision('reject')}
                data-testid="reject"
              >
                {t('workflow.actions.reject')}
              </Button>
              <Button icon={<RollbackOutlined />} onClick={() => setDecision('return')} data-testid="return">
                {t('workflow.actions.return')}
              </Button>
            </>
          )}
          {a.can.addSigner && (
            <Button icon={<UserAddOutlined />} onClick={() => setAddingSigner(true)} data-testid="add-signer">
              {t('workflow.actions.addSigner')}
            </Button>
          )}
          {a.can.withdraw && (
            <Button onClick={() => setDecision('withdraw')} data-testid="withdraw">
              {t('workflow.actions.withdraw')}
            </Button>
          )}
          {a.can.resubmit && (
            <Button type="primary" onClick={() => setDecision('resubmit')} data-testid="resubmit">
              {t('workflow.actions.resubmit')}
            </Button>
          )}
        </Flex>
      )}

      <Card size="small">
        <Descriptions size="small" column={isMobile ? 1 : 2}>
          <Descriptions.Item label={t('workflow.approval.amount')}>
            <span data-testid="approval-amount">
              {a.amountFen === null ? EMPTY_VALUE : formatMoney(a.amountFen, lang)}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('workflow.approval.customer')}>
            {a.customerName ?? EMPTY_VALUE}
          </Descriptions.Item>
          <Descriptions.Item label={t('workflow.approval.region')}>
            {a.regionName ?? EMPTY_VALUE}
          </Descriptions.Item>
          <Descriptions.Item label={t('workflow.approval.initiator')}>{name(a.initiator)}</Descriptions.Item>
          <Descriptions.Item label={t('workflow.approval.startedAt')}>
            {formatDateTime(a.startedAt, lang)}
          </Descriptions.Item>
          <Descriptions.Item label={t('workflow.approval.policy')}>
            {t('workflow.approval.policyVersion', { version: a.policyVersion, rule: a.ruleName ?? '' })}
            {a.round > 1 ? ` · ${t('workflow.approval.round', { round: a.round })}` : ''}
          </Descriptions.Item>
          {a.title && <Descriptions.Item label={document}>{a.title}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card size="small" title={t('workflow.approval.steps')}>
        <Steps
          orientation="vertical"
          size="small"
          data-testid="approval-steps"
          items={a.steps.map((step) => ({
            status: stepStatus(step),
            title: (
              <Flex gap={8} align="center" wrap data-testid={`step-${step.position}`}>
                {step.name || step.slots.map(approverLabel).join(' + ')}
                <ApprovalStatusTag status={step.status} />
              </Flex>
            ),
            subTitle:
              step.mode === 'single'
                ? undefined
                : t(`workflow.approval.modes.${step.mode}`, {
                    required: step.required,
                    total: step.slots.length,
                  }),
            content: (
              <Flex vertical gap={2}>
                {step.addedBy && (
                  <Typography.Text type="secondary">
                    {t('workflow.approval.addedBy', { name: step.addedBy.displayName })}
                  </Typography.Text>
                )}
                {step.slots.map((slot) => (
                  <Typography.Text key={slot.id} type={slot.status === 'open' ? undefined : 'secondary'}>
                    {approverLabel(slot)}:{' '}
                    {slot.decidedBy
                      ? `${slot.decidedBy.displayName}${slot.onBehalfOf ? ` (${t('workflow.approval.onBehalfOf', { name: slot.onBehalfOf.displayName })})` : ''} · ${t(`workflow.status.${slot.status}`)} · ${formatDateTime(slot.decidedAt ?? '', lang)}`
                      : slot.assignees.map((p) => p.displayName).join('、') || EMPTY_VALUE}
                    {slot.comment ? ` — “${slot.comment}”` : ''}
                  </Typography.Text>
                ))}
              </Flex>
            ),
          }))}
        />
      </Card>

      <Card size="small" title={t('workflow.approval.timeline')}>
        <Timeline
          data-testid="approval-timeline"
          items={a.timeline.map((entry) => ({
            color:
              entry.action === 'reject'
                ? 'red'
                : entry.action === 'approve' || entry.action === 'complete'
                  ? 'green'
                  : entry.action === 'escalate' || entry.action === 'remind'
                    ? 'orange'
                    : 'blue',
            title: formatDateTime(entry.at, lang),
            content: (
              <Flex vertical>
                <Typography.Text>
                  {entry.action === 'remind' || entry.action === 'escalate' || entry.action === 'complete'
                    ? ''
                    : `${name(entry.actor)}${entry.onBehalfOf ? ` (${t('workflow.approval.onBehalfOf', { name: entry.onBehalfOf.displayName })})` : ''} · `}
                  {t(`workflow.approval.timelineActions.${entry.action}`, {
                    target: entry.target?.displayName ?? '',
                  })}
                </Typography.Text>
                {entry.comment && <Typography.Text type="secondary">“{entry.comment}”</Typography.Text>}
              </Flex>
            ),
          }))}
        />
      </Card>

      <DecisionModal
        approvalId={a.id}
        kind={decision}
        onClose={() => setDecision(null)}
        onResubmitted={(next) => void navigate(`/workflow/approvals/${next}`)}
      />
      <AddSignerModal approvalId={a.id} open={addingSigner} onClose={() => setAddingSigner(false)} />
    </Flex>
  );
}
