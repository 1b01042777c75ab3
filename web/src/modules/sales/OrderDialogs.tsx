import { App, Button, Flex, Form, Input, Modal, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { approvalKinds, type Order } from '../../../../contracts/sales.ts';
import { isApiError } from '../../shared/api.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { ConfirmationProblems } from './ConfirmationProblems.tsx';
import { useApproveOrder, useCancelOrder, useConfirmOrder } from './sales.api.ts';

export function ConfirmOrderModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirmOrder();
  const keyOf = useIdempotencyKey();
  const [acceptPartial, setAcceptPartial] = useState(order.acceptPartial);

  async function submit(partial = acceptPartial) {
    const body = { version: order.version, acceptPartial: partial };
    try {
      const confirmed = await confirm.mutateAsync({
        id: order.id,
        body,
        key: keyOf({ id: order.id, ...body }),
      });
      void message.success(t('sales.entry.confirmed', { number: confirmed.number }));
      onClose();
    } catch {
      // Shown in the modal.
    }
  }

  const isShort = isApiError(confirm.error) && confirm.error.code === 'INSUFFICIENT_STOCK';
  return (
    <Modal
      open
      title={t('sales.orders.confirmTitle', { number: order.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={confirm.isPending}
          data-testid="order-confirm-submit"
          onClick={() => void submit()}
        >
          {t('sales.orders.confirm')}
        </Button>,
      ]}
    >
      <Flex vertical gap={12}>
        <Typography.Text>{t('sales.orders.confirmExplain')}</Typography.Text>
        <Flex gap={8} align="center">
          <Switch data-testid="order-confirm-partial" checked={acceptPartial} onChange={setAcceptPartial} />
          <Typography.Text>{t('sales.fields.acceptPartial')}</Typography.Text>
        </Flex>
        <ConfirmationProblems
          error={confirm.error}
          testId="order-confirm-error"
          actions={
            isShort && !acceptPartial ? (
              <Button
                size="small"
                data-testid="order-confirm-accept-partial"
                onClick={() => {
                  setAcceptPartial(true);
                  void submit(true);
                }}
              >
                {t('sales.entry.acceptPartialAndConfirm')}
              </Button>
            ) : undefined
          }
        />
      </Flex>
    </Modal>
  );
}

export function CancelOrderModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelOrder();
  const [form] = Form.useForm<{ reason: string }>();

  async function submit({ reason }: { reason: string }) {
    try {
      await cancel.mutateAsync({ id: order.id, body: { version: order.version, reason: reason.trim() } });
      void message.success(t('sales.orders.cancelled'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('sales.orders.cancelTitle', { number: order.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          loading={cancel.isPending}
          data-testid="order-cancel-confirm"
          onClick={() => form.submit()}
        >
          {t('sales.orders.cancel')}
        </Button>,
      ]}
    >
      <SaveErrorAlert error={cancel.error} onReload={onClose} style={{ marginBottom: 16 }} />
      <Typography.Paragraph type="secondary">{t('sales.orders.cancelExplain')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: '' }}>
        <Form.Item
          name="reason"
          label={t('sales.fields.cancelReason')}
          rules={[
            { required: true, whitespace: true, message: t('sales.validation.reasonRequired') },
            { min: 2, max: 500, message: t('sales.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="order-cancel-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ApproveOrderModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const approve = useApproveOrder();
  const [form] = Form.useForm<{ kind: (typeof approvalKinds)[number]; reason: string }>();

  async function submit(values: { kind: (typeof approvalKinds)[number]; reason: string }) {
    try {
      await approve.mutateAsync({ id: order.id, body: { kind: values.kind, reason: values.reason.trim() } });
      void message.success(t('sales.orders.approved'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('sales.orders.approveTitle', { number: order.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={approve.isPending}
          data-testid="order-approve-confirm"
          onClick={() => form.submit()}
        >
          {t('sales.orders.approve')}
        </Button>,
      ]}
    >
      {approve.error ? (
        <Typography.Paragraph type="danger">{describeError(approve.error, t)}</Typography.Paragraph>
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'price_below_floor', reason: '' }}
      >
        <Form.Item name="kind" label={t('sales.fields.approvalKind')}>
          <Select
            data-testid="order-approve-kind"
            options={approvalKinds.map((kind) => ({ value: kind, label: t(`sales.approvalKinds.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('sales.fields.approvalReason')}
          rules={[
            { required: true, whitespace: true, message: t('sales.validation.reasonRequired') },
            { min: 2, max: 500, message: t('sales.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="order-approve-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
