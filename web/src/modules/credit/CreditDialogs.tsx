import { App, Button, type ButtonProps, Form, Input, Modal, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type CreditStatus, creditStatuses } from '../../../../contracts/credit.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatFenAsYuanInput, parseYuanToFen } from '../../shared/money.ts';
import { useChangeStatus, useRequestLimit } from './credit.api.ts';

/** Approve or reject something (a credit decision, a limit request) with a note; rejecting needs one. */
export function DecideModal({
  title,
  summary,
  isReject,
  onSubmit,
  onClose,
  error,
  pending,
}: {
  title: string;
  summary: ReactNode;
  isReject: boolean;
  onSubmit: (note: string | null) => Promise<void>;
  onClose: () => void;
  error: unknown;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={isReject}
          loading={pending}
          data-testid="credit-decide-confirm"
          onClick={() => form.submit()}
        >
          {t(isReject ? 'credit.decisions.reject' : 'credit.decisions.approve')}
        </Button>,
      ]}
    >
      <Typography.Paragraph>{summary}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ note: '' }}
        onFinish={async ({ note }) => {
          try {
            await onSubmit(note.trim() || null);
            onClose();
          } catch {
            // Shown in the dialog (e.g. approving one's own request).
          }
        }}
      >
        <Form.Item
          name="note"
          label={t('credit.fields.note')}
          rules={[
            ...(isReject
              ? [{ required: true, whitespace: true, message: t('credit.decisions.notePlaceholder') }]
              : []),
            { min: 2, max: 500, message: t('common.maxLength', { max: 500 }) },
          ]}
        >
          <Input.TextArea
            data-testid="credit-decide-note"
            rows={3}
            maxLength={500}
            placeholder={t('credit.decisions.notePlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LimitRequestModal({
  customerId,
  currentLimitFen,
  recommendedLimitFen,
  onClose,
}: {
  customerId: number;
  currentLimitFen: number;
  recommendedLimitFen: number | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const request = useRequestLimit();
  const [form] = Form.useForm<{ amount: string; reason: string }>();
  return (
    <Modal
      open
      title={t('credit.limitRequest.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('credit.limitRequest.submit')}
      okButtonProps={{ loading: request.isPending, 'data-testid': 'credit-limit-submit' } as ButtonProps}
      onOk={() => form.submit()}
    >
      <ErrorAlert error={request.error} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          amount: formatFenAsYuanInput(recommendedLimitFen ?? currentLimitFen),
          reason: '',
        }}
        onFinish={async ({ amount, reason }) => {
          const fen = parseYuanToFen(amount);
          if (fen === null) return;
          try {
            await request.mutateAsync({
              customerId,
              body: { requestedLimitFen: fen, reason: reason.trim() },
            });
            void message.success(t('credit.limitRequest.submitted'));
            onClose();
          } catch {
            // Shown above the form.
          }
        }}
      >
        <Form.Item
          name="amount"
          label={t('credit.limitRequest.amount')}
          rules={[
            {
              validator: (_rule, value: string) =>
                parseYuanToFen(value ?? '') === null
                  ? Promise.reject(new Error(t('credit.limitRequest.amountInvalid')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input data-testid="credit-limit-amount" inputMode="decimal" prefix="¥" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('credit.limitRequest.reason')}
          rules={[
            { required: true, whitespace: true, min: 2, max: 500, message: t('credit.limitRequest.reason') },
          ]}
        >
          <Input.TextArea data-testid="credit-limit-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function StatusModal({
  customerId,
  status,
  version,
  onClose,
}: {
  customerId: number;
  status: CreditStatus;
  version: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const change = useChangeStatus();
  const [form] = Form.useForm<{ status: CreditStatus; reason: string }>();
  return (
    <Modal
      open
      title={t('credit.statusChange.title')}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ loading: change.isPending }}
      onOk={() => form.submit()}
    >
      <ErrorAlert error={change.error} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status, reason: '' }}
        onFinish={async (values) => {
          try {
            await change.mutateAsync({
              customerId,
              body: { version, status: values.status, reason: values.reason.trim() },
            });
            void message.success(t('credit.statusChange.saved'));
            onClose();
          } catch {
            // Shown above the form (e.g. someone changed it meanwhile).
          }
        }}
      >
        <Form.Item name="status" label={t('credit.fields.status')}>
          <Select options={creditStatuses.map((s) => ({ value: s, label: t(`credit.statuses.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('credit.customer.statusReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 2,
              max: 500,
              message: t('credit.customer.statusReason'),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
