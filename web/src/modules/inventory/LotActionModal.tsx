import { Alert, Button, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Lot } from '../../../../contracts/inventory.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { type LotAction, useChangeLotStatus } from './inventory.api.ts';

interface LotActionValues {
  reason: string;
  level: 1 | 2 | 3 | undefined;
}

export interface LotActionModalProps {
  lot: Lot;
  action: LotAction;
  onClose: () => void;
  onDone: (lot: Lot) => void;
  /** Loads the lot as it is now, after someone else changed it. */
  onReload: () => void;
}

/** Hold, release or recall a lot: a reason always, and a level (1–3) for a recall. */
export function LotActionModal({ lot, action, onClose, onDone, onReload }: LotActionModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LotActionValues>();
  const change = useChangeLotStatus();

  async function submit(values: LotActionValues) {
    const reason = values.reason.trim();
    try {
      const body =
        action === 'recall'
          ? { reason, version: lot.version, level: values.level ?? 1 }
          : { reason, version: lot.version };
      onDone(await change.mutateAsync({ id: lot.id, action, body }));
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t(`inventory.lots.actionTitles.${action}`, { lot: lot.lotNumber, sku: lot.sku })}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger={action !== 'release'}
          data-testid="lot-action-confirm"
          loading={change.isPending}
          onClick={() => form.submit()}
        >
          {t(`inventory.lots.actions.${action}`)}
        </Button>,
      ]}
    >
      {action === 'recall' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('inventory.lots.recallWarning')}
        />
      )}
      <SaveErrorAlert
        error={change.error}
        onReload={() => {
          change.reset();
          onReload();
        }}
        testId="lot-action-error"
        style={{ marginBottom: 16 }}
      />
      <Form<LotActionValues>
        form={form}
        layout="vertical"
        data-testid="lot-action-form"
        initialValues={{ reason: '', level: undefined }}
        onFinish={submit}
      >
        {action === 'recall' && (
          <Form.Item
            name="level"
            label={t('inventory.lots.level')}
            rules={[{ required: true, message: t('inventory.validation.levelRequired') }]}
            extra={t('inventory.lots.levelHint')}
          >
            <Radio.Group
              data-testid="lot-recall-level"
              optionType="button"
              options={[1, 2, 3].map((level) => ({
                value: level,
                label: t('inventory.lots.levelShort', { level }),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('inventory.fields.reason')}
          rules={[
            { required: true, whitespace: true, message: t('inventory.validation.reasonRequired') },
            { min: 2, max: 500, message: t('inventory.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="lot-action-reason" rows={3} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
