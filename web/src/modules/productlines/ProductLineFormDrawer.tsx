import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductLine } from '../../../../contracts/catalog.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
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
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductLineFormValues>();
  const drawerSize = useDrawerSize(480);
  const [base, setBase] = useState<ProductLine | undefined>(productLine);
  const [isReloading, setReloading] = useState(false);
  const create = useCreateProductLine();
  const update = useUpdateProductLine();
  const mutation = base ? update : create;
  const [initialValues] = useState(() => toFormValues(productLine));

  async function submit(values: ProductLineFormValues) {
    const request = toRequest(values);
    try {
      const saved = base
        ? await update.mutateAsync({ id: base.id, changes: changesOf(base, request) })
        : await create.mutateAsync(request);
      onSaved(saved);
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  async function reload() {
    if (!base) return;
    setReloading(true);
    try {
      const latest = await queryClient.fetchQuery({
        queryKey: productLineKeys.detail(base.id),
        queryFn: ({ signal }) => fetchProductLine(base.id, signal),
        staleTime: 0,
      });
      setBase(latest);
      form.resetFields();
      form.setFieldsValue(toFormValues(latest));
      update.reset();
      void queryClient.invalidateQueries({ queryKey: productLineKeys.lists });
    } catch (error) {
      update.reset();
      markFieldError(form, error, FIELD_NAMES);
    } finally {
      setReloading(false);
    }
  }

  return (
    <Drawer
      open
      size={drawerSize}
      title={base ? t('productLines.editTitle', { name: base.nameZh }) : t('productLines.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="product-line-save"
            loading={mutation.isPending}
            disabled={isReloading}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <SaveErrorAlert
        error={mutation.error}
        onReload={() => void reload()}
        isReloading={isReloading}
        testId="product-line-error"
        style={{ marginBottom: 16 }}
      />
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
    </Drawer>
  );
}
