import { Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductLine } from '../../../../contracts/catalog.ts';
import { FormDrawerShell } from '../../shared/FormDrawerShell.tsx';
import { useVersionedSave } from '../../shared/useVersionedSave.ts';
import {
  type CreateProductLineInput,
  fetchProductLine,
  productLineKeys,
  type UpdateProductLineInput,
  useCreateProductLine,
  useUpdateProductLine,
} from './productLines.api.ts';

interface ProductLineFormValues {
  code: string;
  nameZh: string;
  nameEn: string;
}

const FIELD_NAMES = ['code', 'nameZh', 'nameEn'] as const;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

function toFormValues(line: ProductLine | undefined): ProductLineFormValues {
  return { code: line?.code ?? '', nameZh: line?.nameZh ?? '', nameEn: line?.nameEn ?? '' };
}

function toRequest(values: ProductLineFormValues): CreateProductLineInput {
  return { code: values.code.trim(), nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim() };
}

function changesOf(base: ProductLine, request: CreateProductLineInput): UpdateProductLineInput {
  const before = toRequest(toFormValues(base));
  const changes: UpdateProductLineInput = { version: base.version };
  if (request.code !== before.code) changes.code = request.code;
  if (request.nameZh !== before.nameZh) changes.nameZh = request.nameZh;
  if (request.nameEn !== before.nameEn) changes.nameEn = request.nameEn;
  return changes;
}

export interface ProductLineFormDrawerProps {
  productLine?: ProductLine;
  onClose: () => void;
  onSaved: (productLine: ProductLine) => void;
}

export function ProductLineFormDrawer({ productLine, onClose, onSaved }: ProductLineFormDrawerProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ProductLineFormValues>();
  const create = useCreateProductLine();
  const update = useUpdateProductLine();
  const saving = useVersionedSave({
    record: productLine,
    form,
    create,
    update,
    toFormValues,
    fieldNames: FIELD_NAMES,
    onSaved,
    queryKey: productLineKeys.detail,
    fetch: fetchProductLine,
    listsKey: productLineKeys.lists,
  });
  const base = saving.base;
  const [initialValues] = useState(() => toFormValues(productLine));

  function submit(values: ProductLineFormValues) {
    const request = toRequest(values);
    return saving.save(() =>
      base
        ? update.mutateAsync({ id: base.id, changes: changesOf(base, request) })
        : create.mutateAsync(request),
    );
  }

  return (
    <FormDrawerShell
      title={base ? t('productLines.editTitle', { name: base.nameZh }) : t('productLines.new')}
      width={480}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={saving}
      saveTestId="product-line-save"
      errorTestId="product-line-error"
    >
      <Form<ProductLineFormValues>
        form={form}
        layout="vertical"
        data-testid="product-line-form"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="code"
          label={t('productLines.fields.code')}
          extra={t('productLines.hints.code')}
          rules={[
            { required: true, whitespace: true, message: t('productLines.validation.codeRequired') },
            { max: 40, message: t('common.maxLength', { max: 40 }) },
            { pattern: CODE_PATTERN, message: t('productLines.validation.codeFormat') },
          ]}
        >
          <Input data-testid="product-line-code" autoFocus={!base} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={t('productLines.fields.nameZh')}
          rules={[
            { required: true, whitespace: true, message: t('productLines.validation.nameZhRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="product-line-name-zh" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('productLines.fields.nameEn')}
          rules={[
            { required: true, whitespace: true, message: t('productLines.validation.nameEnRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="product-line-name-en" />
        </Form.Item>
      </Form>
    </FormDrawerShell>
  );
}
