import { Col, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, channels, customerTypes, hospitalGrades } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { FormDrawerShell } from '../../shared/FormDrawerShell.tsx';
import { useVersionedSave } from '../../shared/useVersionedSave.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import {
  type CreateCustomerInput,
  customerKeys,
  fetchCustomer,
  type UpdateCustomerInput,
  useAssignableReps,
  useCreateCustomer,
  useUpdateCustomer,
} from './customers.api.ts';
import { isMasked } from './customers.labels.ts';

type CustomerType = Customer['type'];

interface CustomerFormValues {
  code: string;
  name: string;
  type: CustomerType;
  hospitalGrade: Customer['hospitalGrade'];
  distributorLevel: number | null;
  channel: Customer['channel'];
  taxId: string;
  regionId: number | undefined;
  address: string;
  contactName: string;
  contactPhone: string;
  ownerRepId: number | null;
  paymentTermsDays: number;
  minShelfLifeDays: number;
  isTarget: boolean;
  isActive: boolean;
}

const FIELD_NAMES = [
  'code',
  'name',
  'type',
  'hospitalGrade',
  'distributorLevel',
  'channel',
  'taxId',
  'regionId',
  'address',
  'contactName',
  'contactPhone',
  'ownerRepId',
  'paymentTermsDays',
  'minShelfLifeDays',
  'isTarget',
  'isActive',
] as const;

/** 统一社会信用代码: 18 characters, no I O S V Z (the check character is left to the server). */
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The channel a new customer of this type usually buys through. */
const usualChannel: Record<CustomerType, Customer['channel']> = {
  hospital: 'direct',
  clinic: 'direct',
  distributor: 'distributor',
  agent: 'agent',
};

function toFormValues(customer: Customer | undefined, defaultOwnerId: number | null): CustomerFormValues {
  if (!customer) {
    return {
      code: '',
      name: '',
      type: 'hospital',
      hospitalGrade: null,
      distributorLevel: null,
      channel: 'direct',
      taxId: '',
      regionId: undefined,
      address: '',
      contactName: '',
      contactPhone: '',
      ownerRepId: defaultOwnerId,
      paymentTermsDays: 30,
      minShelfLifeDays: 0,
      isTarget: false,
      isActive: true,
    };
  }
  return {
    code: customer.code,
    name: customer.name,
    type: customer.type,
    hospitalGrade: customer.hospitalGrade,
    distributorLevel: customer.distributorLevel,
    channel: customer.channel,
    taxId: customer.taxId ?? '',
    regionId: customer.regionId,
    address: customer.address ?? '',
    contactName: customer.contactName ?? '',
    contactPhone: customer.contactPhone ?? '',
    ownerRepId: customer.ownerRepId,
    paymentTermsDays: customer.paymentTermsDays,
    minShelfLifeDays: customer.minShelfLifeDays,
    isTarget: customer.isTarget,
    isActive: customer.isActive,
  };
}

const textOrNull = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

function toRequest(values: CustomerFormValues): CreateCustomerInput {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    type: values.type,
    // Only hospitals have a grade and only distributors a level; a changed type drops the other.
    hospitalGrade: values.type === 'hospital' ? (values.hospitalGrade ?? null) : null,
    distributorLevel: values.type === 'distributor' ? (values.distributorLevel ?? null) : null,
    channel: values.channel,
    taxId: textOrNull(values.taxId)?.toUpperCase() ?? null,
    regionId: values.regionId ?? 0,
    address: textOrNull(values.address),
    contactName: textOrNull(values.contactName),
    contactPhone: textOrNull(values.contactPhone),
    ownerRepId: values.ownerRepId ?? null,
    paymentTermsDays: values.paymentTermsDays,
    minShelfLifeDays: values.minShelfLifeDays,
    isTarget: values.isTarget,
    isActive: values.isActive,
  };
}

/**
 * Only what the user changed goes to the server: a field the server masked for this role
 * (张** / 138****5678) must never be written back over the real value.
 */
function changesOf(base: Customer, request: CreateCustomerInput): UpdateCustomerInput {
  const before = toRequest(toFormValues(base, null));
  const changes: Record<string, unknown> = { version: base.version };
  for (const key of Object.keys(request) as (keyof CreateCustomerInput)[]) {
    if (request[key] !== before[key]) changes[key] = request[key];
  }
  return changes as UpdateCustomerInput;
}

export interface CustomerFormDrawerProps {
  /** The customer to edit; none to create one. */
  customer?: Customer;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}

/** Mounted while open, so every opening starts from the record as it is. */
export function CustomerFormDrawer({ customer, onClose, onSaved }: CustomerFormDrawerProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [form] = Form.useForm<CustomerFormValues>();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const saving = useVersionedSave({
    record: customer,
    form,
    create,
    update,
    toFormValues: (latest: Customer) => toFormValues(latest, null),
    fieldNames: FIELD_NAMES,
    onSaved,
    queryKey: customerKeys.detail,
    fetch: fetchCustomer,
    listsKey: customerKeys.lists,
  });
  const base = saving.base;

  const canAssignOwner = user.permissions.includes('users:manage');
  const reps = useAssignableReps(canAssignOwner);
  // A rep who creates a customer owns it, unless an administrator assigns someone.
  const defaultOwnerId = !canAssignOwner && user.roles.includes('sales_rep') ? user.id : null;
  const [initialValues] = useState(() => toFormValues(customer, defaultOwnerId));

  const type = Form.useWatch('type', form) ?? initialValues.type;
  const contactsMasked = base !== undefined && (isMasked(base.contactName) || isMasked(base.contactPhone));

  function submit(values: CustomerFormValues) {
    // Without the owner field (no users:manage) the owner stays as it is.
    const ownerRepId = canAssignOwner ? values.ownerRepId : base ? base.ownerRepId : defaultOwnerId;
    const request = toRequest({ ...values, ownerRepId });
    return saving.save(() =>
      base
        ? update.mutateAsync({ id: base.id, changes: changesOf(base, request) })
        : create.mutateAsync(request),
    );
  }

  const ownerField = canAssignOwner ? (
    <Select<number>
      allowClear
      showSearch
      optionFilterProp="label"
      loading={reps.isLoading}
      data-testid="customer-owner"
      options={(reps.data ?? []).map((rep) => ({ value: rep.id, label: rep.displayName }))}
    />
  ) : (
    <Typography.Text type="secondary" data-testid="customer-owner">
      {base ? (base.ownerRepName ?? '—') : defaultOwnerId ? user.displayName : '—'}
    </Typography.Text>
  );

  return (
    <FormDrawerShell
      title={base ? t('customers.editTitle', { name: base.name }) : t('customers.new')}
      width={640}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={saving}
      saveTestId="customer-save"
      errorTestId="customer-error"
    >
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        data-testid="customer-form"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<CustomerFormValues>) => {
          if (changed.type === undefined) return;
          const patch: Partial<CustomerFormValues> = {};
          if (changed.type !== 'hospital') patch.hospitalGrade = null;
          if (changed.type !== 'distributor') patch.distributorLevel = null;
          if (!base && !form.isFieldTouched('channel')) patch.channel = usualChannel[changed.type];
          form.setFieldsValue(patch);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('customers.fields.code')}
              rules={[
                { required: true, whitespace: true, message: t('customers.validation.codeRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
              ]}
            >
              <Input data-testid="customer-code" autoFocus={!base} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('customers.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('customers.validation.nameRequired') },
                {
                  validator: async (_rule, value: string | undefined) => {
                    const length = (value ?? '').trim().length;
                    if (length > 0 && (length < 2 || length > 200)) {
                      throw new Error(t('customers.validation.nameLength'));
                    }
                  },
                },
              ]}
            >
              <Input data-testid="customer-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="type"
              label={t('customers.fields.type')}
              rules={[{ required: true, message: t('customers.validation.typeRequired') }]}
            >
              <Select
                data-testid="customer-type"
                options={customerTypes.map((value) => ({ value, label: t(`customers.types.${value}`) }))}
              />
            </Form.Item>
          </Col>
          {type === 'hospital' && (
            <Col xs={24} sm={12}>
              <Form.Item name="hospitalGrade" label={t('customers.fields.hospitalGrade')}>
                <Select
                  allowClear
                  data-testid="customer-grade"
                  options={hospitalGrades.map((value) => ({ value, label: t(`customers.grades.${value}`) }))}
                />
              </Form.Item>
            </Col>
          )}
          {type === 'distributor' && (
            <Col xs={24} sm={12}>
              <Form.Item
                name="distributorLevel"
                label={t('customers.fields.distributorLevel')}
                rules={[{ required: true, message: t('customers.validation.levelRequired') }]}
              >
                <Select
                  data-testid="customer-level"
                  options={([1, 2, 3] as const).map((value) => ({
                    value,
                    label: t(`customers.levels.${value === 1 ? '1' : value === 2 ? '2' : '3'}`),
                  }))}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item
              name="channel"
              label={t('customers.fields.channel')}
              rules={[{ required: true, message: t('customers.validation.channelRequired') }]}
            >
              <Select
                data-testid="customer-channel"
                options={channels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="regionId"
              label={t('customers.fields.region')}
              rules={[{ required: true, message: t('customers.validation.regionRequired') }]}
            >
              <RegionTreeSelect limitToScope testId="customer-region" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="taxId"
              label={t('customers.fields.taxId')}
              extra={t('customers.hints.taxId')}
              normalize={(value: string) => value.toUpperCase()}
              rules={[
                {
                  validator: async (_rule, value: string | undefined) => {
                    const text = (value ?? '').trim();
                    if (text && !USCC_PATTERN.test(text))
                      throw new Error(t('customers.validation.taxIdFormat'));
                  },
                },
              ]}
            >
              <Input data-testid="customer-tax-id" maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="address"
              label={t('customers.fields.address')}
              rules={[{ max: 300, message: t('common.maxLength', { max: 300 }) }]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} data-testid="customer-address" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactName"
              label={t('customers.fields.contactName')}
              extra={contactsMasked ? t('customers.hints.contactMasked') : undefined}
              rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
            >
              <Input data-testid="customer-contact-name" disabled={contactsMasked} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactPhone"
              label={t('customers.fields.contactPhone')}
              rules={[{ max: 40, message: t('common.maxLength', { max: 40 }) }]}
            >
              <Input data-testid="customer-contact-phone" disabled={contactsMasked} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name={canAssignOwner ? 'ownerRepId' : undefined}
              label={t('customers.fields.owner')}
              extra={canAssignOwner ? undefined : t('customers.hints.ownerReadOnly')}
            >
              {ownerField}
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="paymentTermsDays"
              label={t('customers.fields.paymentTermsDays')}
              rules={[{ required: true, message: t('customers.validation.daysRequired') }]}
            >
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="minShelfLifeDays"
              label={t('customers.fields.minShelfLifeDays')}
              tooltip={t('customers.hints.minShelfLifeDays')}
              rules={[{ required: true, message: t('customers.validation.daysRequired') }]}
            >
              <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="isTarget" label={t('customers.fields.isTarget')} valuePropName="checked">
              <Switch data-testid="customer-is-target" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="isActive" label={t('customers.fields.isActive')} valuePropName="checked">
              <Switch data-testid="customer-is-active" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawerShell>
  );
}
