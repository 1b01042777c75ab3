import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Statistic,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/catalog.ts';
import type { PurchaseOrder } from '../../../../contracts/purchasing.ts';
import { COMPANY_CURRENCY, documentCurrencies, formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE } from '../../shared/format.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { formatFenAsYuanInput, parseYuanToFen } from '../../shared/money.ts';
import { useDrawerSize, useLanguage } from '../../shared/responsive.ts';
import { ProductSelect, WarehouseSelect } from '../inventory/index.ts';
import { useCreatePurchaseOrder } from './purchasing.api.ts';
import { draftLineAmount, draftOrderTotal } from './purchasing.rules.ts';
import { SupplierSelect } from './SupplierSelect.tsx';

interface OrderLineValues {
  productId: number | undefined;
  quantity: number | null;
  /** Typed in yuan (or dollars, euros) and turned into minor units without floating point. */
  unitPrice: string;
}

interface OrderFormValues {
  supplierId: number | undefined;
  warehouseId: number | undefined;
  currency: string;
  orderDate: Dayjs | null;
  expectedDate: Dayjs | null;
  note: string;
  lines: OrderLineValues[];
}

const FIELD_NAMES = ['supplierId', 'warehouseId', 'currency', 'orderDate', 'expectedDate', 'note'] as const;
const emptyLine: OrderLineValues = { productId: undefined, quantity: null, unitPrice: '' };

export function PurchaseOrderFormDrawer({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (order: PurchaseOrder) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [form] = Form.useForm<OrderFormValues>();
  const drawerSize = useDrawerSize(720);
  const create = useCreatePurchaseOrder();
  const currency = Form.useWatch('currency', form) ?? COMPANY_CURRENCY;
  const lines = (Form.useWatch('lines', form) ?? []) as OrderLineValues[];
  const total = draftOrderTotal(lines);

  async function submit(values: OrderFormValues) {
    try {
      const saved = await create.mutateAsync({
        supplierId: values.supplierId ?? 0,
        warehouseId: values.warehouseId ?? 0,
        currency: values.currency,
        orderDate: values.orderDate?.format('YYYY-MM-DD'),
        expectedDate: values.expectedDate?.format('YYYY-MM-DD') ?? null,
        note: values.note.trim() || null,
        lines: values.lines.map((line) => ({
          productId: line.productId ?? 0,
          quantity: line.quantity ?? 0,
          unitPrice: parseYuanToFen(line.unitPrice) ?? 0,
        })),
      });
      onSaved(saved);
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  /** A company-currency order starts from the product's standard cost; the buyer can change it. */
  function onProductChosen(index: number, product: Product | undefined) {
    if (!product || form.getFieldValue('currency') !== COMPANY_CURRENCY) return;
    if (form.getFieldValue(['lines', index, 'unitPrice'])) return;
    if (product.standardCostFen !== null) {
      form.setFieldValue(['lines', index, 'unitPrice'], formatFenAsYuanInput(product.standardCostFen));
    }
  }

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('purchasing.orders.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Statistic
            title={t('purchasing.fields.total')}
            value={total === null ? EMPTY_VALUE : formatAmount(total, currency, lang)}
            styles={{ content: { fontSize: 18 } }}
            data-testid="po-form-total"
          />
          <Flex gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              data-testid="po-save"
              loading={create.isPending}
              onClick={() => form.submit()}
            >
              {t('purchasing.orders.saveDraft')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <ErrorAlert error={create.error} testId="po-form-error" style={{ marginBottom: 16 }} />
      <Form<OrderFormValues>
        form={form}
        layout="vertical"
        data-testid="po-form"
        initialValues={{
          currency: COMPANY_CURRENCY,
          orderDate: null,
          expectedDate: null,
          note: '',
          lines: [emptyLine],
        }}
        onFinish={submit}
        scrollToFirstError
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="supplierId"
            label={t('purchasing.fields.supplier')}
            rules={[{ required: true, message: t('purchasing.validation.supplierRequired') }]}
            style={{ flex: '2 1 260px' }}
          >
            <SupplierSelect testId="po-supplier" />
          </Form.Item>
          <Form.Item
            name="warehouseId"
            label={t('purchasing.fields.warehouse')}
            rules={[{ required: true, message: t('purchasing.validation.warehouseRequired') }]}
            style={{ flex: '1 1 180px' }}
          >
            <WarehouseSelect testId="po-warehouse" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item
            name="currency"
            label={t('purchasing.fields.currency')}
            extra={currency === COMPANY_CURRENCY ? undefined : t('purchasing.orders.rateHint')}
            style={{ flex: '1 1 120px' }}
          >
            <Select
              data-testid="po-currency"
              options={documentCurrencies.map((code) => ({ value: code, label: code }))}
            />
          </Form.Item>
          <Form.Item
            name="orderDate"
            label={t('purchasing.fields.orderDate')}
            extra={t('purchasing.orders.todayHint')}
            style={{ flex: '1 1 150px' }}
          >
            <DatePicker data-testid="po-order-date" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="expectedDate"
            label={t('purchasing.fields.expectedDate')}
            style={{ flex: '1 1 150px' }}
          >
            <DatePicker data-testid="po-expected-date" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('purchasing.fields.note')}>
          <Input.TextArea data-testid="po-note" rows={2} maxLength={1000} />
        </Form.Item>

        <Typography.Title level={5}>{t('purchasing.orders.lines')}</Typography.Title>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field, index) => {
                const line = lines[index];
                const amount = line ? draftLineAmount(line.quantity, line.unitPrice) : null;
                return (
                  <Card
                    key={field.key}
                    size="small"
                    data-testid={`po-line-${index}`}
                    title={t('purchasing.orders.lineTitle', { index: index + 1 })}
                    extra={
                      <Flex gap={8} align="center">
                        <Typography.Text data-testid={`po-line-${index}-amount`}>
                          {amount === null ? EMPTY_VALUE : formatAmount(amount, currency, lang)}
                        </Typography.Text>
                        {fields.length > 1 && (
                          <Button
                            size="small"
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('common.delete')}
                            onClick={() => remove(field.name)}
                          />
                        )}
                      </Flex>
                    }
                  >
                    <Form.Item
                      name={[field.name, 'productId']}
                      label={t('purchasing.fields.product')}
                      rules={[{ required: true, message: t('purchasing.validation.productRequired') }]}
                    >
                      <ProductSelect
                        testId={`po-line-${index}-product`}
                        placeholder={t('purchasing.orders.productPlaceholder')}
                        style={{ width: '100%' }}
                        onProduct={(product) => onProductChosen(field.name, product)}
                      />
                    </Form.Item>
                    <Flex gap={12} wrap>
                      <Form.Item
                        name={[field.name, 'quantity']}
                        label={t('purchasing.fields.quantity')}
                        rules={[{ required: true, message: t('purchasing.validation.quantityRequired') }]}
                        style={{ flex: '1 1 120px', marginBottom: 0 }}
                      >
                        <InputNumber<number>
                          data-testid={`po-line-${index}-quantity`}
                          precision={0}
                          min={1}
                          max={10_000_000}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'unitPrice']}
                        label={t('purchasing.fields.unitPriceIn', { currency })}
                        rules={[
                          { required: true, message: t('purchasing.validation.priceRequired') },
                          {
                            validator: (_rule, value: string) =>
                              !value || parseYuanToFen(value) !== null
                                ? Promise.resolve()
                                : Promise.reject(new Error(t('purchasing.validation.priceFormat'))),
                          },
                        ]}
                        style={{ flex: '1 1 160px', marginBottom: 0 }}
                      >
                        <Input
                          data-testid={`po-line-${index}-price`}
                          inputMode="decimal"
                          prefix={currency === COMPANY_CURRENCY ? '¥' : currency}
                          placeholder="0.00"
                        />
                      </Form.Item>
                    </Flex>
                  </Card>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                data-testid="po-add-line"
                onClick={() => add(emptyLine)}
              >
                {t('purchasing.orders.addLine')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
