import { Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/catalog.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { FormDrawerShell } from '../../shared/FormDrawerShell.tsx';
import { formatPercent } from '../../shared/format.ts';
import { formatFenAsYuanInput, parseYuanToFen } from '../../shared/money.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useVersionedSave } from '../../shared/useVersionedSave.ts';
import {
  type CreateProductInput,
  fetchProduct,
  productKeys,
  type UpdateProductInput,
  useCreateProduct,
  useManufacturers,
  useProductLines,
  useUpdateProduct,
} from './products.api.ts';
import { checkGtin, deviceClassOfCertificate } from './products.rules.ts';

type DeviceClass = Product['deviceClass'];

interface ProductFormValues {
  sku: string;
  nameZh: string;
  nameEn: string;
  modelSpec: string;
  productLineId: number | undefined;
  unit: string;
  gtin: string;
  certificateNumber: string;
  deviceClass: DeviceClass | undefined;
  certificateExpiry: Dayjs | null;
  manufacturerId: number | null;
  storageCondition: string;
  coldChainMinC: number | null;
  coldChainMaxC: number | null;
  shelfLifeDays: number | null;
  /** Prices are typed in yuan as text and converted to fen without floating point. */
  listPrice: string;
  standardCost: string;
  floorPrice: string;
  vatRate: number;
  isSerialTracked: boolean;
  isImplant: boolean;
  isActive: boolean;
}

/** The server names request fields (listPriceFen); the form has its yuan fields (listPrice). */
const FIELD_OF_REQUEST: Record<string, string> = {
  listPriceFen: 'listPrice',
  standardCostFen: 'standardCost',
  floorPriceFen: 'floorPrice',
};
const FIELD_NAMES = [
  'sku',
  'nameZh',
  'nameEn',
  'modelSpec',
  'productLineId',
  'unit',
  'gtin',
  'certificateNumber',
  'deviceClass',
  'certificateExpiry',
  'manufacturerId',
  'storageCondition',
  'coldChainMinC',
  'coldChainMaxC',
  'shelfLifeDays',
  'listPrice',
  'standardCost',
  'floorPrice',
  'vatRate',
] as const;

/** China's VAT rates for goods and services; medical devices are usually 13%. */
const VAT_RATES = [0.13, 0.09, 0.06, 0.03, 0.01, 0];
const DATE_FORMAT = 'YYYY-MM-DD';

function toFormValues(product: Product | undefined): ProductFormValues {
  return {
    sku: product?.sku ?? '',
    nameZh: product?.nameZh ?? '',
    nameEn: product?.nameEn ?? '',
    modelSpec: product?.modelSpec ?? '',
    productLineId: product?.productLineId,
    unit: product?.unit ?? '',
    gtin: product?.gtin ?? '',
    certificateNumber: product?.certificateNumber ?? '',
    deviceClass: product?.deviceClass,
    certificateExpiry: product?.certificateExpiry ? dayjs(product.certificateExpiry) : null,
    manufacturerId: product?.manufacturerId ?? null,
    storageCondition: product?.storageCondition ?? '',
    coldChainMinC: product?.coldChainMinC ?? null,
    coldChainMaxC: product?.coldChainMaxC ?? null,
    shelfLifeDays: product?.shelfLifeDays ?? null,
    listPrice: product ? formatFenAsYuanInput(product.listPriceFen) : '',
    standardCost:
      product?.standardCostFen === null || product?.standardCostFen === undefined
        ? ''
        : formatFenAsYuanInput(product.standardCostFen),
    floorPrice:
      product?.floorPriceFen === null || product?.floorPriceFen === undefined
        ? ''
        : formatFenAsYuanInput(product.floorPriceFen),
    vatRate: product?.vatRate ?? 0.13,
    isSerialTracked: product?.isSerialTracked ?? false,
    isImplant: product?.isImplant ?? false,
    isActive: product?.isActive ?? true,
  };
}

const textOrNull = (text: string | undefined) => {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** Fen of a validated yuan text; empty text is null. */
const fenOrNull = (text: string) => (text.trim() === '' ? null : parseYuanToFen(text));

type ProductRequest = Omit<CreateProductInput, 'standardCostFen'> & { standardCostFen: number | null };

function toRequest(values: ProductFormValues): ProductRequest {
  return {
    sku: values.sku.trim().toUpperCase(),
    nameZh: values.nameZh.trim(),
    nameEn: values.nameEn.trim(),
    modelSpec: values.modelSpec.trim(),
    productLineId: values.productLineId ?? 0,
    unit: values.unit.trim(),
    gtin: textOrNull(values.gtin),
    certificateNumber: values.certificateNumber.trim(),
    deviceClass: values.deviceClass ?? 1,
    certificateExpiry: values.certificateExpiry ? values.certificateExpiry.format(DATE_FORMAT) : null,
    manufacturerId: values.manufacturerId ?? null,
    storageCondition: textOrNull(values.storageCondition),
    coldChainMinC: values.coldChainMinC ?? null,
    coldChainMaxC: values.coldChainMaxC ?? null,
    shelfLifeDays: values.shelfLifeDays ?? null,
    listPriceFen: parseYuanToFen(values.listPrice) ?? 0,
    standardCostFen: fenOrNull(values.standardCost),
    floorPriceFen: fenOrNull(values.floorPrice),
    vatRate: values.vatRate,
    isSerialTracked: values.isSerialTracked,
    isImplant: values.isImplant,
    isActive: values.isActive,
  };
}

function toCreateRequest(request: ProductRequest): CreateProductInput {
  const { standardCostFen, ...rest } = request;
  return standardCostFen === null ? rest : { ...rest, standardCostFen };
}

/** Only the changed fields: a value hidden from this role (standard cost) is never overwritten with nothing. */
function changesOf(base: Product, request: ProductRequest): UpdateProductInput {
  const before = toRequest(toFormValues(base));
  const changes: Record<string, unknown> = { version: base.version };
  for (const key of Object.keys(request) as (keyof ProductRequest)[]) {
    if (key === 'standardCostFen' && request[key] === null) continue;
    if (request[key] !== before[key]) changes[key] = request[key];
  }
  return changes as UpdateProductInput;
}

export interface ProductFormDrawerProps {
  product?: Product;
  onClose: () => void;
  onSaved: (product: Product) => void;
}

export function ProductFormDrawer({ product, onClose, onSaved }: ProductFormDrawerProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useCurrentUser();
  const [form] = Form.useForm<ProductFormValues>();
  const create = useCreateProduct();
  const update = useUpdateProduct();
  const saving = useVersionedSave({
    record: product,
    form,
    create,
    update,
    toFormValues,
    fieldNames: FIELD_NAMES,
    fieldAliases: FIELD_OF_REQUEST,
    onSaved,
    queryKey: productKeys.detail,
    fetch: fetchProduct,
    listsKey: productKeys.lists,
  });
  const base = saving.base;
  const productLines = useProductLines();
  const canReadSuppliers = user.permissions.includes('masterdata:read');
  const manufacturers = useManufacturers(canReadSuppliers);
  const [initialValues] = useState(() => toFormValues(product));
  const certificateNumber = Form.useWatch('certificateNumber', form) ?? initialValues.certificateNumber;
  const deviceClass = Form.useWatch('deviceClass', form) ?? initialValues.deviceClass;
  const certificateClass = deviceClassOfCertificate(certificateNumber);
  const classKey = (value: DeviceClass) => (value === 1 ? '1' : value === 2 ? '2' : '3');
  const costHidden = base !== undefined && base.standardCostFen === null;

  function submit(values: ProductFormValues) {
    const request = toRequest(values);
    return saving.save(() =>
      base
        ? update.mutateAsync({ id: base.id, changes: changesOf(base, request) })
        : create.mutateAsync(toCreateRequest(request)),
    );
  }

  const money = (required: boolean) => [
    ...(required
      ? [{ required: true, whitespace: true, message: t('products.validation.priceRequired') }]
      : []),
    {
      validator: async (_rule: unknown, value: string | undefined) => {
        const text = (value ?? '').trim();
        if (text && parseYuanToFen(text) === null) throw new Error(t('products.validation.priceFormat'));
      },
    },
  ];

  const temperatureRule = {
    validator: async (_rule: unknown, value: number | null | undefined) => {
      if (value === null || value === undefined) return;
      if (Math.abs(value) > 200 || Math.round(value * 10) !== value * 10) {
        throw new Error(t('products.validation.temperatureFormat'));
      }
    },
  };

  const vatOptions = [...new Set([...VAT_RATES, initialValues.vatRate])].map((rate) => ({
    value: rate,
    label: formatPercent(rate, lang, rate * 100 === Math.round(rate * 100) ? 0 : 2),
  }));

  return (
    <FormDrawerShell
      title={
        base
          ? t('products.editTitle', { name: lang === 'en' ? base.nameEn : base.nameZh })
          : t('products.new')
      }
      width={720}
      onClose={onClose}
      onSave={() => form.submit()}
      saving={saving}
      saveTestId="product-save"
      errorTestId="product-error"
    >
      <Form<ProductFormValues>
        form={form}
        layout="vertical"
        data-testid="product-form"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<ProductFormValues>) => {
          // The certificate number says the class; fill it in unless the user chose one.
          if (changed.certificateNumber === undefined || form.isFieldTouched('deviceClass')) return;
          const derived = deviceClassOfCertificate(changed.certificateNumber);
          if (derived) form.setFieldsValue({ deviceClass: derived });
        }}
      >
        <Divider titlePlacement="start" plain>
          {t('products.sections.basic')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="sku"
              label={t('products.fields.sku')}
              normalize={(value: string) => value.toUpperCase()}
              rules={[
                { required: true, whitespace: true, message: t('products.validation.skuRequired') },
                { max: 40, message: t('common.maxLength', { max: 40 }) },
              ]}
            >
              <Input data-testid="product-sku" autoFocus={!base} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="productLineId"
              label={t('products.fields.productLine')}
              rules={[{ required: true, message: t('products.validation.productLineRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="product-line"
                loading={productLines.isLoading}
                options={(productLines.data ?? []).map((line) => ({
                  value: line.id,
                  label: lang === 'en' ? line.nameEn : line.nameZh,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameZh"
              label={t('products.fields.nameZh')}
              rules={[
                { required: true, whitespace: true, message: t('products.validation.nameZhRequired') },
                { max: 200, message: t('common.maxLength', { max: 200 }) },
              ]}
            >
              <Input data-testid="product-name-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameEn"
              label={t('products.fields.nameEn')}
              rules={[
                { required: true, whitespace: true, message: t('products.validation.nameEnRequired') },
                { max: 200, message: t('common.maxLength', { max: 200 }) },
              ]}
            >
              <Input data-testid="product-name-en" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="modelSpec"
              label={t('products.fields.modelSpec')}
              rules={[
                { required: true, whitespace: true, message: t('products.validation.modelSpecRequired') },
                { max: 200, message: t('common.maxLength', { max: 200 }) },
              ]}
            >
              <Input data-testid="product-model-spec" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="unit"
              label={t('products.fields.unit')}
              rules={[
                { required: true, whitespace: true, message: t('products.validation.unitRequired') },
                { max: 20, message: t('common.maxLength', { max: 20 }) },
              ]}
            >
              <Input data-testid="product-unit" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('products.sections.registration')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="certificateNumber"
              label={t('products.fields.certificateNumber')}
              extra={t('products.hints.certificateNumber')}
              rules={[
                { required: true, whitespace: true, message: t('products.validation.certificateRequired') },
                { max: 60, message: t('common.maxLength', { max: 60 }) },
                {
                  warningOnly: true,
                  validator: async (_rule, value: string | undefined) => {
                    if ((value ?? '').trim() && deviceClassOfCertificate(value ?? '') === null) {
                      throw new Error(t('products.validation.certificateFormat'));
                    }
                  },
                },
              ]}
            >
              <Input data-testid="product-certificate" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="deviceClass"
              label={t('products.fields.deviceClass')}
              rules={[{ required: true, message: t('products.validation.deviceClassRequired') }]}
              help={
                certificateClass && deviceClass && certificateClass !== deviceClass
                  ? t('products.hints.certificateClass', {
                      deviceClass: t(`common.deviceClasses.${classKey(certificateClass)}`),
                    })
                  : undefined
              }
              validateStatus={
                certificateClass && deviceClass && certificateClass !== deviceClass ? 'warning' : undefined
              }
            >
              <Select<DeviceClass>
                data-testid="product-device-class"
                options={([1, 2, 3] as const).map((value) => ({
                  value,
                  label: t(`common.deviceClasses.${classKey(value)}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="certificateExpiry" label={t('products.fields.certificateExpiry')}>
              <DatePicker data-testid="product-certificate-expiry" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="gtin"
              label={t('products.fields.gtin')}
              extra={t('products.hints.gtin')}
              rules={[
                {
                  validator: async (_rule, value: string | undefined) => {
                    const text = (value ?? '').trim();
                    if (!text) return;
                    const check = checkGtin(text);
                    if (check.ok) return;
                    throw new Error(
                      check.reason === 'digits'
                        ? t('products.validation.gtinDigits')
                        : t('products.validation.gtinCheckDigit', { expected: check.expected }),
                    );
                  },
                },
              ]}
            >
              <Input data-testid="product-gtin" inputMode="numeric" maxLength={14} autoComplete="off" />
            </Form.Item>
          </Col>
          {canReadSuppliers && (
            <Col xs={24} sm={12}>
              <Form.Item name="manufacturerId" label={t('products.fields.manufacturer')}>
                <Select<number>
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  data-testid="product-manufacturer"
                  loading={manufacturers.isLoading}
                  options={[
                    ...(manufacturers.data ?? []).map((supplier) => ({
                      value: supplier.id,
                      label: supplier.name,
                    })),
                    // Keep an inactive current manufacturer visible by name.
                    ...(base?.manufacturerId &&
                    base.manufacturerName &&
                    !(manufacturers.data ?? []).some((supplier) => supplier.id === base.manufacturerId)
                      ? [{ value: base.manufacturerId, label: base.manufacturerName }]
                      : []),
                  ]}
                />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start" plain>
          {t('products.sections.storage')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="storageCondition"
              label={t('products.fields.storageCondition')}
              rules={[{ max: 200, message: t('common.maxLength', { max: 200 }) }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="shelfLifeDays" label={t('products.fields.shelfLifeDays')}>
              <InputNumber min={1} max={36500} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="coldChainMinC"
              label={t('products.fields.coldChainMinC')}
              rules={[temperatureRule]}
            >
              <InputNumber step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="coldChainMaxC"
              label={t('products.fields.coldChainMaxC')}
              dependencies={['coldChainMinC']}
              rules={[
                temperatureRule,
                {
                  validator: async (_rule, value: number | null | undefined) => {
                    const min: number | null | undefined = form.getFieldValue('coldChainMinC');
                    if (
                      value !== null &&
                      value !== undefined &&
                      min !== null &&
                      min !== undefined &&
                      min > value
                    ) {
                      throw new Error(t('products.validation.coldChainRange'));
                    }
                  },
                },
              ]}
            >
              <InputNumber step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('products.sections.pricing')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="listPrice"
              label={t('products.fields.listPrice')}
              extra={t('products.hints.price')}
              rules={money(true)}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="product-list-price" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="standardCost"
              label={t('products.fields.standardCost')}
              extra={costHidden ? t('products.hints.standardCostHidden') : undefined}
              rules={money(false)}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="product-standard-cost" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="floorPrice"
              label={t('products.fields.floorPrice')}
              tooltip={t('products.hints.floorPrice')}
              rules={money(false)}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="product-floor-price" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="vatRate"
              label={t('products.fields.vatRate')}
              rules={[{ required: true, message: t('products.validation.vatRateRequired') }]}
            >
              <Select<number> data-testid="product-vat-rate" options={vatOptions} />
            </Form.Item>
          </Col>
          <Col xs={8} sm={5}>
            <Form.Item
              name="isSerialTracked"
              label={t('products.fields.isSerialTracked')}
              valuePropName="checked"
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8} sm={5}>
            <Form.Item name="isImplant" label={t('products.fields.isImplant')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={8} sm={6}>
            <Form.Item name="isActive" label={t('products.fields.isActive')} valuePropName="checked">
              <Switch data-testid="product-is-active" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawerShell>
  );
}
