import { Col, DatePicker, Form, Input, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Supplier, supplierKinds } from '../../../../contracts/catalog.ts';
import { FormDrawerShell } from '../../shared/FormDrawerShell.tsx';
import { useVersionedSave } from '../../shared/useVersionedSave.ts';
import {
  type CreateSupplierInput,
  fetchSupplier,
  supplierKeys,
  type UpdateSupplierInput,
  useCreateSupplier,
  useUpdateSupplier,
} from './suppliers.api.ts';

interface SupplierFormValues {
  code: string;
  name: string;
  kind: Supplier['kind'];
  country: string;
  taxId: string;
  address: string;
  licenceNumber: string;
  licenceValidUntil: Dayjs | null;
  contactName: string;
  contactPhone: string;
  isActive: boolean;
}

const FIELD_NAMES = [
  'code',
  'name',
  'kind',
  'country',
  'taxId',
  'address',
  'licenceNumber',
  'licenceValidUntil',
  'contactName',
  'contactPhone',
  'isActive',
] as const;

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

function toFormValues(supplier: Supplier | undefined): SupplierFormValues {
  return {
    code: supplier?.code ?? '',
    name: supplier?.name ?? '',
    kind: supplier?.kind ?? 'manufacturer',
    country: supplier?.country ?? 'CN',
    taxId: supplier?.taxId ?? '',
    address: supplier?.address ?? '',
    licenceNumber: supplier?.licenceNumber ?? '',
    licenceValidUntil: supplier?.licenceValidUntil ? dayjs(supplier.licenceValidUntil) : null,
    contactName: supplier?.contactName ?? '',
    contactPhone: supplier?.contactPhone ?? '',
    isActive: supplier?.isActive ?? true,
  };
}

const textOrNull = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

function toRequest(values: SupplierFormValues): Required<CreateSupplierInput> {
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    kind: values.kind,
    country: values.country.trim().toUpperCase(),
    taxId: textOrNull(values.taxId)?.toUpperCase() ?? null,
    address: textOrNull(values.address),
    licenceNumber: textOrNull(values.licenceNumber),
    licenceValidUntil: values.licenceValidUntil ? values.licenceValidUntil.format('YYYY-MM-DD') : null,
    contactName: textOrNull(values.contactName),
    contactPhone: textOrNull(values.contactPhone),
    isActive: values.isActive,
  };
}

/** Only what changed is sent: a contact the server masked for this role must not overwrite the real one. */
function changesOf(base: Supplier, request: Required<CreateSupplierInput>): UpdateSupplierInput {
  const before = toRequest(toFormValues(base));
  const changes: Record<string, unknown> = { version: base.version };
  for (const key of Object.keys(request) as (keyof CreateSupplierInput)[]) {
    if (request[key] !== before[key]) changes[key] = request[key];
  }
  return changes as UpdateSupplierInput;
}

const isMasked = (value: string | null) => value?.includes('*') ?? false;

export interface SupplierFormDrawerProps {
  supplier?: Supplier;
  onClose: () => void;
  onSaved: (supplier: Supplier) => void;
}

export function SupplierFormDrawer({ supplier, onClose, onSaved }: SupplierFormDrawerProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SupplierFormValues>();
  const create = useCreateSupplier();
  const update = useUpdateSupplier();
  const saving = useVersionedSave({
    record: supplier,
    form,
    create,
    update,
    toFormValues,
    fieldNames: FIELD_NAMES,
    onSaved,
    queryKey: supplierKeys.detail,
    fetch: fetchSupplier,
    listsKey: supplierKeys.lists,
  });
  const base = saving.base;
  const [initialValues] = useState(() => toFormValues(supplier));
  const contactsMasked = base !== undefined && (isMasked(base.contactName) || isMasked(base.contactPhone));

  function submit(values: SupplierFormValues) {
    const request = toRequest(values);
    return saving.save(() =>
      base
        ? update.mutateAsync({ id: base.id, changes: changesOf(base, request) })
        : create.mutateAsync(request),
    );
  }

  return (
    <FormDrawerShell
      title={base ? t('suppliers.editTitle', { name: base.name }) : t('suppliers.new')}
      width={640}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={saving}
      saveTestId="supplier-save"
      errorTestId="supplier-error"
    >
      <Form<SupplierFormValues>
        form={form}
        layout="vertical"
        data-testid="supplier-form"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => void submit(values)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('suppliers.fields.code')}
              rules={[
                { required: true, whitespace: true, message: t('suppliers.validation.codeRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
                { pattern: CODE_PATTERN, message: t('suppliers.validation.codeFormat') },
              ]}
            >
              <Input data-testid="supplier-code" autoFocus={!base} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="kind"
              label={t('suppliers.fields.kind')}
              rules={[{ required: true, message: t('suppliers.validation.kindRequired') }]}
            >
              <Select
                data-testid="supplier-kind"
                options={supplierKinds.map((value) => ({ value, label: t(`suppliers.kinds.${value}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="name"
              label={t('suppliers.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('suppliers.validation.nameRequired') },
                {
                  validator: async (_rule, value: string | undefined) => {
                    const length = (value ?? '').trim().length;
                    if (length > 0 && (length < 2 || length > 200)) {
                      throw new Error(t('suppliers.validation.nameLength'));
                    }
                  },
                },
              ]}
            >
              <Input data-testid="supplier-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="country"
              label={t('suppliers.fields.country')}
              tooltip={t('suppliers.hints.country')}
              normalize={(value: string) => value.toUpperCase()}
              rules={[
                { required: true, message: t('suppliers.validation.countryFormat') },
                { pattern: /^\s*[A-Za-z]{2}\s*$/, message: t('suppliers.validation.countryFormat') },
              ]}
            >
              <Input data-testid="supplier-country" maxLength={2} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="taxId"
              label={t('suppliers.fields.taxId')}
              normalize={(value: string) => value.toUpperCase()}
              rules={[{ max: 40, message: t('common.maxLength', { max: 40 }) }]}
            >
              <Input data-testid="supplier-tax-id" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="licenceNumber"
              label={t('suppliers.fields.licenceNumber')}
              tooltip={t('suppliers.hints.licenceNumber')}
              rules={[
                {
                  validator: async (_rule, value: string | undefined) => {
                    const length = (value ?? '').trim().length;
                    if (length > 0 && (length < 3 || length > 80)) {
                      throw new Error(t('suppliers.validation.licenceNumberLength'));
                    }
                  },
                },
              ]}
            >
              <Input data-testid="supplier-licence-number" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="licenceValidUntil"
              label={t('suppliers.fields.licenceValidUntil')}
              tooltip={t('suppliers.hints.licenceStatus')}
            >
              <DatePicker data-testid="supplier-licence-valid-until" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="address"
              label={t('suppliers.fields.address')}
              rules={[{ max: 300, message: t('common.maxLength', { max: 300 }) }]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} data-testid="supplier-address" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactName"
              label={t('suppliers.fields.contactName')}
              extra={contactsMasked ? t('suppliers.hints.contactMasked') : undefined}
              rules={[{ max: 100, message: t('common.maxLength', { max: 100 }) }]}
            >
              <Input data-testid="supplier-contact-name" disabled={contactsMasked} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactPhone"
              label={t('suppliers.fields.contactPhone')}
              rules={[{ max: 40, message: t('common.maxLength', { max: 40 }) }]}
            >
              <Input data-testid="supplier-contact-phone" disabled={contactsMasked} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="isActive" label={t('suppliers.fields.isActive')} valuePropName="checked">
              <Switch data-testid="supplier-is-active" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawerShell>
  );
}
