import { useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, type Qualification, qualificationTypes } from '../../../../contracts/customers.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { customerKeys, useAddQualification, useUpdateQualification } from './customers.api.ts';

type QualificationType = Qualification['type'];

interface QualificationFormValues {
  type: QualificationType;
  number: string;
  coveredClasses: number[];
  scope: string;
  validFrom: Dayjs | null;
  validUntil: Dayjs | null;
  attachmentRef: string;
}

const FIELD_NAMES = [
  'type',
  'number',
  'coveredClasses',
  'scope',
  'validFrom',
  'validUntil',
  'attachmentRef',
] as const;
const DATE_FORMAT = 'YYYY-MM-DD';

/** What a document of this type usually covers, offered when the type is chosen. */
const usualClasses: Record<QualificationType, number[]> = {
  business_licence: [],
  operating_licence: [2, 3],
  filing_certificate: [2],
  medical_institution_licence: [],
};

function toFormValues(
  qualification: Qualification | undefined,
  defaultType: QualificationType,
): QualificationFormValues {
  return {
    type: qualification?.type ?? defaultType,
    number: qualification?.number ?? '',
    coveredClasses: qualification?.coveredClasses ?? usualClasses[defaultType],
    scope: qualification?.scope ?? '',
    validFrom: qualification?.validFrom ? dayjs(qualification.validFrom) : null,
    validUntil: qualification?.validUntil ? dayjs(qualification.validUntil) : null,
    attachmentRef: qualification?.attachmentRef ?? '',
  };
}

const textOrNull = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** Hospitals and clinics hold an institution licence; distributors and agents an operating licence. */
export function usualQualificationType(customerType: Customer['type']): QualificationType {
  return customerType === 'hospital' || customerType === 'clinic'
    ? 'medical_institution_licence'
    : 'operating_licence';
}

export interface QualificationFormModalProps {
  customerId: number;
  customerType: Customer['type'];
  qualification?: Qualification;
  onClose: () => void;
  onSaved: () => void;
}

export function QualificationFormModal({
  customerId,
  customerType,
  qualification,
  onClose,
  onSaved,
}: QualificationFormModalProps) {
  const defaultType = usualQualificationType(customerType);
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<QualificationFormValues>();
  const [base, setBase] = useState(qualification);
  const [isReloading, setReloading] = useState(false);
  const add = useAddQualification(customerId);
  const update = useUpdateQualification(customerId);
  const mutation = base ? update : add;
  const type = Form.useWatch('type', form) ?? base?.type ?? defaultType;

  async function submit(values: QualificationFormValues) {
    const fields = {
      number: values.number.trim(),
      coveredClasses: [...values.coveredClasses].sort(),
      scope: textOrNull(values.scope),
      validFrom: values.validFrom ? values.validFrom.format(DATE_FORMAT) : null,
      validUntil: values.validUntil ? values.validUntil.format(DATE_FORMAT) : null,
      attachmentRef: textOrNull(values.attachmentRef),
    };
    try {
      if (base) await update.mutateAsync({ id: base.id, changes: { version: base.version, ...fields } });
      else await add.mutateAsync({ type: values.type, ...fields });
      onSaved();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  async function reload() {
    if (!base) return;
    setReloading(true);
    try {
      await queryClient.invalidateQueries({ queryKey: customerKeys.qualifications(customerId) });
      const items = queryClient.getQueryData<Qualification[]>(customerKeys.qualifications(customerId));
      const latest = items?.find((item) => item.id === base.id);
      update.reset();
      if (!latest) {
        // Deleted by someone else meanwhile: nothing left to edit.
        onClose();
        return;
      }
      setBase(latest);
      form.setFieldsValue(toFormValues(latest, defaultType));
    } finally {
      setReloading(false);
    }
  }

  return (
    <Modal
      open
      width={640}
      title={base ? t('qualifications.edit') : t('qualifications.new')}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          data-testid="qualification-save"
          loading={mutation.isPending}
          disabled={isReloading}
          onClick={() => form.submit()}
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      <SaveErrorAlert
        error={mutation.error}
        onReload={() => void reload()}
        isReloading={isReloading}
        testId="qualification-error"
        style={{ marginBottom: 16 }}
      />
      <Form<QualificationFormValues>
        form={form}
        layout="vertical"
        data-testid="qualification-form"
        initialValues={toFormValues(qualification, defaultType)}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<QualificationFormValues>) => {
          if (changed.type !== undefined && !form.isFieldTouched('coveredClasses')) {
            form.setFieldsValue({ coveredClasses: usualClasses[changed.type] });
          }
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="type"
              label={t('qualifications.fields.type')}
              extra={base ? t('qualifications.hints.typeFixed') : undefined}
              rules={[{ required: true, message: t('qualifications.validation.typeRequired') }]}
            >
              <Select
                data-testid="qualification-type"
                disabled={base !== undefined}
                options={qualificationTypes.map((value) => ({
                  value,
                  label: t(`qualifications.types.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="number"
              label={t('qualifications.fields.number')}
              rules={[
                { required: true, whitespace: true, message: t('qualifications.validation.numberRequired') },
                {
                  validator: async (_rule, value: string | undefined) => {
                    const length = (value ?? '').trim().length;
                    if (length > 0 && (length < 3 || length > 80)) {
                      throw new Error(t('qualifications.validation.numberLength'));
                    }
                  },
                },
              ]}
            >
              <Input data-testid="qualification-number" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="coveredClasses"
              label={t('qualifications.fields.coveredClasses')}
              extra={type === 'operating_licence' ? t('qualifications.hints.operatingLicence') : undefined}
              rules={[
                {
                  validator: async (_rule, value: number[] | undefined) => {
                    if (form.getFieldValue('type') === 'operating_licence' && !(value ?? []).includes(3)) {
                      throw new Error(t('qualifications.validation.operatingLicenceClass3'));
                    }
                  },
                },
              ]}
              dependencies={['type']}
            >
              <Checkbox.Group
                data-testid="qualification-classes"
                options={([1, 2, 3] as const).map((value) => ({
                  value,
                  label: t(`common.deviceClasses.${value === 1 ? '1' : value === 2 ? '2' : '3'}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="validFrom" label={t('qualifications.fields.validFrom')}>
              <DatePicker data-testid="qualification-valid-from" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="validUntil"
              label={t('qualifications.fields.validUntil')}
              dependencies={['validFrom']}
              rules={[
                {
                  validator: async (_rule, value: Dayjs | null | undefined) => {
                    const from: Dayjs | null | undefined = form.getFieldValue('validFrom');
                    if (value && from && value.isBefore(from, 'day')) {
                      throw new Error(t('qualifications.validation.untilBeforeFrom'));
                    }
                  },
                },
              ]}
            >
              <DatePicker data-testid="qualification-valid-until" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="scope"
              label={t('qualifications.fields.scope')}
              rules={[{ max: 1000, message: t('common.maxLength', { max: 1000 }) }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="qualification-scope" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="attachmentRef"
              label={t('qualifications.fields.attachmentRef')}
              rules={[{ max: 300, message: t('common.maxLength', { max: 300 }) }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
