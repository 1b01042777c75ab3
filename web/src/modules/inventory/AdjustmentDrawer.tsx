import { Alert, Button, DatePicker, Drawer, Flex, Form, Input, InputNumber, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockBalance } from '../../../../contracts/inventory.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { markFieldError } from '../../shared/formErrors.ts';
import { productNameIn } from '../../shared/names.ts';
import { useDrawerSize, useLanguage } from '../../shared/responsive.ts';
import { usePostAdjustment } from './inventory.api.ts';
import { LotSelect, WarehouseSelect } from './pickers.tsx';

interface AdjustmentFormValues {
  warehouseId: number | undefined;
  lotId: number | undefined;
  serial: string;
  quantity: number | null;
  reason: string;
  businessDate: Dayjs | null;
}

const FIELD_NAMES = ['warehouseId', 'lotId', 'serial', 'quantity', 'reason', 'businessDate'] as const;

export interface AdjustmentDrawerProps {
  /** The stock row the adjustment starts from; none for a lot found anywhere. */
  row?: StockBalance;
  onClose: () => void;
  onSaved: () => void;
}

/** A count correction: signed quantity (+ found, − missing) with a required reason. */
export function AdjustmentDrawer({ row, onClose, onSaved }: AdjustmentDrawerProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<AdjustmentFormValues>();
  const drawerSize = useDrawerSize(480);
  const adjust = usePostAdjustment();
  const [initialValues] = useState<AdjustmentFormValues>(() => ({
    warehouseId: row?.warehouseId,
    lotId: row?.lotId,
    serial: row?.serial ?? '',
    quantity: null,
    reason: '',
    businessDate: null,
  }));
  const quantity = Form.useWatch('quantity', form);

  async function submit(values: AdjustmentFormValues) {
    try {
      await adjust.mutateAsync({
        warehouseId: values.warehouseId ?? 0,
        lotId: values.lotId ?? 0,
        serial: values.serial.trim(),
        quantity: values.quantity ?? 0,
        reason: values.reason.trim(),
        businessDate: values.businessDate?.format('YYYY-MM-DD'),
      });
      onSaved();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('inventory.adjustment.title')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="adjustment-save"
            loading={adjust.isPending}
            onClick={() => form.submit()}
          >
            {t('inventory.adjustment.post')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={adjust.error} testId="adjustment-error" style={{ marginBottom: 16 }} />
      {row && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={`${row.sku} · ${productNameIn(lang, row)}`}
          description={t('inventory.adjustment.current', {
            warehouse: row.warehouseName,
            lot: row.lotNumber,
            onHand: row.onHand,
            reserved: row.reserved,
          })}
        />
      )}
      <Form<AdjustmentFormValues>
        form={form}
        layout="vertical"
        data-testid="adjustment-form"
        initialValues={initialValues}
        onFinish={submit}
        scrollToFirstError
      >
        <Form.Item
          name="warehouseId"
          label={t('inventory.fields.warehouse')}
          rules={[{ required: true, message: t('inventory.validation.warehouseRequired') }]}
        >
          <WarehouseSelect testId="adjustment-warehouse" disabled={row !== undefined} />
        </Form.Item>
        <Form.Item
          name="lotId"
          label={t('inventory.fields.lot')}
          rules={[{ required: true, message: t('inventory.validation.lotRequired') }]}
        >
          <LotSelect
            testId="adjustment-lot"
            disabled={row !== undefined}
            placeholder={t('inventory.adjustment.lotPlaceholder')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item
          name="serial"
          label={t('inventory.fields.serial')}
          extra={t('inventory.adjustment.serialHint')}
          rules={[{ max: 20, message: t('common.maxLength', { max: 20 }) }]}
        >
          <Input data-testid="adjustment-serial" disabled={row !== undefined} maxLength={20} />
        </Form.Item>
        <Form.Item
          name="quantity"
          label={t('inventory.adjustment.quantity')}
          extra={t('inventory.adjustment.quantityHint')}
          rules={[
            { required: true, message: t('inventory.validation.quantityRequired') },
            {
              validator: (_rule, value: number | null) =>
                value === 0
                  ? Promise.reject(new Error(t('inventory.validation.notZero')))
                  : Promise.resolve(),
            },
          ]}
        >
          <InputNumber<number>
            data-testid="adjustment-quantity"
            precision={0}
            min={-10_000_000}
            max={10_000_000}
            style={{ width: '100%' }}
          />
        </Form.Item>
        {row && typeof quantity === 'number' && quantity !== 0 && (
          <Typography.Paragraph type="secondary" data-testid="adjustment-after">
            {t('inventory.adjustment.after', { onHand: row.onHand + quantity })}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="reason"
          label={t('inventory.fields.reason')}
          rules={[
            { required: true, whitespace: true, message: t('inventory.validation.reasonRequired') },
            { min: 2, max: 500, message: t('inventory.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="adjustment-reason" rows={3} maxLength={500} showCount />
        </Form.Item>
        <Form.Item
          name="businessDate"
          label={t('inventory.fields.businessDate')}
          extra={t('inventory.adjustment.dateHint')}
        >
          <DatePicker data-testid="adjustment-date" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
