import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { useApprovalAction } from './workflow.api.ts';

export type DecisionKind = 'approve' | 'reject' | 'return' | 'withdraw' | 'resubmit';

export interface DecisionModalProps {
  approvalId: number;
  kind: DecisionKind | null;
  onClose: () => void;
  /** After a resubmission: the new round is another approval. */
  onResubmitted?: (approvalId: number) => void;
}

/** Approve, reject (a comment is required), return, withdraw or resubmit, with a comment. */
export function DecisionModal({ approvalId, kind, onClose, onResubmitted }: DecisionModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useApprovalAction();
  const [form] = Form.useForm<{ comment: string }>();

  async function submit() {
    if (!kind) return;
    const { comment } = await form.validateFields();
    try {
      const result = await action.mutateAsync({ id: approvalId, action: { kind, comment: comment ?? '' } });
      void message.success(t('workflow.actions.done'));
      form.resetFields();
      onClose();
      if (kind === 'resubmit') onResubmitted?.(result.id);
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <Modal
      open={kind !== null}
      title={kind ? t(`workflow.actions.${kind}`) : ''}
      okText={kind ? t(`workflow.actions.${kind}`) : ''}
      okButtonProps={{ danger: kind === 'reject', 'data-testid': 'decision-confirm' }}
      confirmLoading={action.isPending}
      onOk={() => void submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="comment"
          label={t('workflow.actions.comment')}
          rules={
            kind === 'reject'
              ? [{ required: true, min: 2, message: t('workflow.actions.commentRequired') }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="decision-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
