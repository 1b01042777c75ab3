import { App, Col, Form, InputNumber, Modal, Row, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmThresholdsInput } from '../../../../contracts/analytics-insights.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useRfmThresholds, useSaveRfmThresholds } from './analytics.api.ts';

const groups = {
  highValue: ['recencyBelowDays', 'frequencyAbove', 'monetaryAboveYuan'],
  new: ['recencyBelowDays', 'firstOrderWithinDays'],
  churnRisk: ['recencyAboveDays', 'ordersAbove', 'windowDays'],
  lowValue: ['recencyAboveDays', 'frequencyBelow', 'monetaryBelowYuan'],
  potential: ['recencyBelowDays', 'frequencyBelow', 'monetaryBelowYuan'],
} as const;

/** Edits the stored RFM fixed thresholds (DOMAIN §6), for users with analytics:manage. */
export function ThresholdsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RfmThresholdsInput>();
  const current = useRfmThresholds();
  const save = useSaveRfmThresholds();

  useEffect(() => {
    if (open && current.data) form.setFieldsValue(current.data);
  }, [open, current.data, form]);

  return (
    <Modal
      open={open}
      title={t('analytics.customerValue.editThresholds')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Form<RfmThresholdsInput>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: () => {
              message.success(t('analytics.customerValue.thresholdsSaved'));
              onClose();
            },
          })
        }
      >
        <Form.Item
          name="frequencyWindowDays"
          label={t('analytics.customerValue.thresholds.frequencyWindowDays')}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={3650} precision={0} />
        </Form.Item>
        {Object.entries(groups).map(([group, fields]) => (
          <div key={group}>
            <Typography.Text strong>
              {t(`analytics.customerValue.thresholds.${group}.title` as never)}
            </Typography.Text>
            <Row gutter={12}>
              {fields.map((field) => (
                <Col span={8} key={field}>
                  <Form.Item
                    name={[group, field]}
                    label={t(`analytics.customerValue.thresholds.${group}.${field}` as never)}
                    rules={[{ required: true }]}
                  >
                    <InputNumber
                      min={0}
                      precision={field.endsWith('Yuan') ? 2 : 0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </div>
        ))}
      </Form>
    </Modal>
  );
}
