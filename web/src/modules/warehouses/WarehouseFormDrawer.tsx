import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Drawer, Flex, Form, Input, Row, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Warehouse } from '../../../../contracts/warehouses.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
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
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WarehouseFormValues>();
  const drawerSize = useDrawerSize(560);
  const [base, setBase] = useState<Warehouse | undefined>(warehouse);
  const [isReloading, setReloading] = useState(false);
  const create = useCreateWarehouse();
  const update = useUpdateWarehouse();
  const mutation = base ? update : create;
  const [initialValues] = useState(() => toFormValues(warehouse));

  async function submit(values: WarehouseFormValues) {
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
        queryKey: warehouseKeys.detail(base.id),
        queryFn: ({ signal }) => fetchWarehouse(base.id, signal),
        staleTime: 0,
      });
      setBase(latest);
      form.resetFields();
      form.setFieldsValue(toFormValues(latest));
      update.reset();
      void queryClient.invalidateQueries({ queryKey: warehouseKeys.lists });
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
      title={base ? t('warehouses.editTitle', { name: base.name }) : t('warehouses.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="warehouse-save"
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
        testId="warehouse-error"
        style={{ marginBottom: 16 }}
      />
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
    </Drawer>
  );
}
