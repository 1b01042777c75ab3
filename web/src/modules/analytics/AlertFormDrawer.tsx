import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { roles as allRoles, type Role } from '../../../../contracts/auth.ts';
import {
  type AlertOperator,
  type AlertPeriod,
  alertOperators,
  alertPeriods,
  type KpiAlert,
} from '../../../../contracts/kpi-alerts.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { useDrawerSize, useLanguage } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { useCreateKpiAlert, useUpdateKpiAlert } from './alerts.api.ts';
import { useAnalyticsCatalogue } from './analytics.api.ts';

interface FormValues {
  name: string;
  measure: string;
  period: AlertPeriod;
  operator: AlertOperator;
  threshold: number;
  filters: { dimension: string; op: 'in' | 'not_in'; values: string[] }[];
  notifyRoles: Role[];
  isActive: boolean;
}

const FIELD_NAMES = ['name', 'measure', 'period', 'operator', 'threshold', 'notifyRoles'] as const;

function toFormValues(alert: KpiAlert | undefined): FormValues {
  return {
    name: alert?.name ?? '',
    measure: alert?.measure ?? 'revenue',
    period: alert?.period ?? 'month_to_date',
    operator: alert?.operator ?? '<',
    threshold: alert?.threshold ?? 0,
    filters: alert?.filters ?? [],
    notifyRoles: alert?.notifyRoles ?? [],
    isActive: alert?.isActive ?? true,
  };
}

export interface AlertFormDrawerProps {
  /** The alert to edit; a new one when absent. */
  alert?: KpiAlert;
  onClose: () => void;
}

/** Create or edit a KPI alert: a measure of the catalogue, a period, a condition, whom to tell. */
export function AlertFormDrawer({ alert, onClose }: AlertFormDrawerProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<FormValues>();
  const drawerSize = useDrawerSize(560);
  const catalogue = useAnalyticsCatalogue(lang);
  const create = useCreateKpiAlert();
  const update = useUpdateKpiAlert();
  const mutation = alert ? update : create;
  const measureName = Form.useWatch('measure', form);
  const measure = catalogue.data?.measures.find((m) => m.name === measureName);
  const dimensionOptions = useMemo(() => {
    const applicable = new Set(measure?.dimensions ?? []);
    return (catalogue.data?.dimensions ?? [])
      .filter((d) => d.isCode && applicable.has(d.name))
      .map((d) => ({ value: d.name, label: d.label }));
  }, [catalogue.data, measure]);

  const thresholdLabel =
    measure?.type === 'money'
      ? t('kpiAlerts.thresholdYuan')
      : measure?.type === 'rate'
        ? t('kpiAlerts.thresholdRate')
        : t('kpiAlerts.threshold');

  async function submit(values: FormValues) {
    try {
      if (alert) {
        await update.mutateAsync({ id: alert.id, changes: { version: alert.version, ...values } });
      } else {
        await create.mutateAsync(values);
      }
      onClose();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  return (
    <Drawer
      open
      title={alert ? t('kpiAlerts.edit') : t('kpiAlerts.create')}
      size={drawerSize}
      onClose={onClose}
      destroyOnHidden
      data-testid="kpi-alert-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('kpiAlerts.cancel')}</Button>
          <Button
            type="primary"
            loading={mutation.isPending}
            onClick={() => form.submit()}
            data-testid="kpi-alert-save"
          >
            {t('kpiAlerts.save')}
          </Button>
        </Space>
      }
    >
      <SaveErrorAlert error={mutation.error} onReload={onClose} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={toFormValues(alert)} onFinish={submit}>
        <Form.Item
          name="name"
          label={t('kpiAlerts.name')}
          rules={[{ required: true, whitespace: true, max: 120 }]}
        >
          <Input data-testid="kpi-alert-name" />
        </Form.Item>
        <Form.Item name="measure" label={t('kpiAlerts.measure')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={catalogue.isLoading}
            options={(catalogue.data?.measures ?? []).map((m) => ({ value: m.name, label: m.label }))}
            onChange={() => form.setFieldValue('filters', [])}
            data-testid="kpi-alert-measure"
          />
        </Form.Item>
        <Form.Item name="period" label={t('kpiAlerts.period')} rules={[{ required: true }]}>
          <Select options={alertPeriods.map((p) => ({ value: p, label: t(`kpiAlerts.periods.${p}`) }))} />
        </Form.Item>
        <Flex gap={8}>
          <Form.Item name="operator" label={t('kpiAlerts.operator')} rules={[{ required: true }]}>
            <Select style={{ width: 96 }} options={alertOperators.map((o) => ({ value: o, label: o }))} />
          </Form.Item>
          <Form.Item name="threshold" label={thresholdLabel} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber
              style={{ width: '100%' }}
              precision={measure?.type === 'rate' ? 4 : 2}
              data-testid="kpi-alert-threshold"
            />
          </Form.Item>
        </Flex>
        <Form.Item label={t('kpiAlerts.filters')}>
          <Form.List name="filters">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item name={[field.name, 'dimension']} rules={[{ required: true }]} noStyle>
                      <Select
                        style={{ width: 140 }}
                        placeholder={t('kpiAlerts.dimension')}
                        options={dimensionOptions}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'op']} initialValue="in" noStyle>
                      <Select
                        style={{ width: 96 }}
                        options={[
                          { value: 'in', label: t('kpiAlerts.include') },
                          { value: 'not_in', label: t('kpiAlerts.exclude') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'values']} rules={[{ required: true }]} noStyle>
                      <Select mode="tags" style={{ flex: 1 }} placeholder={t('kpiAlerts.filterValues')} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ op: 'in', values: [] })}>
                  {t('kpiAlerts.addFilter')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item
          name="notifyRoles"
          label={t('kpiAlerts.notifyRoles')}
          extra={t('kpiAlerts.notifyRolesHint')}
        >
          <Select
            mode="multiple"
            options={allRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
        </Form.Item>
        <Form.Item name="isActive" label={t('kpiAlerts.isActive')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
