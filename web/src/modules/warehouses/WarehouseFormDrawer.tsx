import { Col, Form, Input, Row, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Warehouse } from '../../../../contracts/warehouses.ts';
import { FormDrawerShell } from '../../shared/FormDrawerShell.tsx';
import { useVersionedSave } from '../../shared/useVersionedSave.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import {
  type CreateWarehouseInput,
  fetchWarehouse,
  type UpdateWarehouseInput,
  useCreateWarehouse,
  useUpdateWarehouse,
  warehouseKeys,
} from './warehouses.api.ts';

interface WarehouseFormValues {
  code: string;
  name: string;
  regionId: number | undefined;
  address: string;
  isColdChain: boolean;
  isActive: boolean;
}

const FIELD_NAMES = ['code', 'name', 'regionId', 'address', 'isColdChain', 'isActive'] as const;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

function toFormValues(warehouse: Warehouse | undefined): WarehouseFormValues {
  return {
    code: warehouse?.code ?? '',
    name: warehouse?.name ?? '',
    regionId: warehouse?.regionId,
    address: warehouse?.address ?? '',
    isColdChain: warehouse?.isColdChain ?? false,
    isActive: warehouse?.isActive ?? true,
  };
}

function toRequest(values: WarehouseFormValues): Required<CreateWarehouseInput> {
  const address = (values.address ?? '').trim();
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    regionId: values.regionId ?? 0,
    address: address === '' ? null : address,
    isColdChain: values.isColdChain,
    isActive: values.isActive,
  };
}

function changesOf(base: Warehouse, request: Required<CreateWarehouseInput>): UpdateWarehouseInput {
  const before = toRequest(toFormValues(base));
  const changes: Record<string, unknown> = { version: base.version };
  for (const key of Object.keys(request) as (keyof CreateWarehouseInput)[]) {
    if (request[key] !== before[key]) changes[key] = request[key];
  }
  return changes as UpdateWarehouseInput;
}

export interface WarehouseFormDrawerProps {
  warehouse?: Warehouse;
  onClose: () => void;
  onSaved: (warehouse: Warehouse) => void;
}

export function WarehouseFormDrawer({ warehouse, onClose, onSaved }: WarehouseFormDrawerProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WarehouseFormValues>();
  const create = useCreateWarehouse();
  const update = useUpdateWarehouse();
  const saving = useVersionedSave({
    record: warehouse,
    form,
    create,
    update,
    toFormValues,
    fieldNames: FIELD_NAMES,
    onSaved,
    queryKey: warehouseKeys.detail,
    fetch: fetchWarehouse,
    listsKey: warehouseKeys.lists,
  });
  const base = saving.base;
  const [initialValues] = useState(() => toFormValues(warehouse));

  function submit(values: WarehouseFormValues) {
    const request = toRequest(values);
    return saving.save(() =>
      base
        ? update.mutateAsync({ id: base.id, changes: changesOf(base, request) })
        : create.mutateAsync(request),
    );
  }

  return (
    <FormDrawerShell
      title={base ? t('warehouses.editTitle', { name: base.name }) : t('warehouses.new')}
      width={560}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={saving}
      saveTestId="warehouse-save"
      errorTestId="warehouse-error"
    >
      <Form<WarehouseFormValues>
        form={form}
        layout="vertical"
        data-testid="warehouse-form"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => void submit(values)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="code"
              label={t('warehouses.fields.code')}
              rules={[
                { required: true, whitespace: true, message: t('warehouses.validation.codeRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
                { pattern: CODE_PATTERN, message: t('warehouses.validation.codeFormat') },
              ]}
            >
              <Input data-testid="warehouse-code" autoFocus={!base} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('warehouses.fields.name')}
              rules={[
                { required: true, whitespace: true, message: t('warehouses.validation.nameRequired') },
                {
                  validator: async (_rule, value: string | undefined) => {
                    const length = (value ?? '').trim().length;
                    if (length > 0 && (length < 2 || length > 200)) {
                      throw new Error(t('warehouses.validation.nameLength'));
                    }
                  },
                },
              ]}
            >
              <Input data-testid="warehouse-name" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="regionId"
              label={t('warehouses.fields.region')}
              rules={[{ required: true, message: t('warehouses.validation.regionRequired') }]}
            >
              <RegionTreeSelect testId="warehouse-region" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="address"
              label={t('warehouses.fields.address')}
              rules={[{ max: 300, message: t('common.maxLength', { max: 300 }) }]}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} data-testid="warehouse-address" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="isColdChain"
              label={t('warehouses.fields.isColdChain')}
              tooltip={t('warehouses.hints.isColdChain')}
              valuePropName="checked"
            >
              <Switch data-testid="warehouse-is-cold-chain" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="isActive" label={t('warehouses.fields.isActive')} valuePropName="checked">
              <Switch data-testid="warehouse-is-active" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawerShell>
  );
}
