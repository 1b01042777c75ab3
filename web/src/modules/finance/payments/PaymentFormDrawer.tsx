import { Button, Checkbox, DatePicker, Drawer, Flex, Form, Input, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type Payment, type PaymentMethod, paymentMethods } from '../../../../../contracts/finance.ts';
import { COMPANY_CURRENCY, documentCurrencies } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { markFieldError } from '../../../shared/formErrors.ts';
import { parseYuanToFen } from '../../../shared/money.ts';
import { useDrawerSize } from '../../../shared/responsive.ts';
import { CustomerSelect } from '../CustomerSelect.tsx';
import { useCreatePayment } from '../finance.api.ts';
import { useIdempotencyKey } from '../useIdempotencyKey.ts';

interface PaymentFormValues {
  customerId: number | undefined;
  method: PaymentMethod;
  currency: string;
  /** Typed in yuan (or dollars, euros); sent as integer minor units. */
  amount: string;
  receivedDate: Dayjs | null;
  maturityDate: Dayjs | null;
  reference: string;
  note: string;
  autoAllocate: boolean;
}

const FIELD_NAMES = [
  'customerId',
  'method',
  'currency',
  'amount',
  'receivedDate',
  'maturityDate',
  'reference',
  'note',
] as const;

export function PaymentFormDrawer({
  initialCustomerId,
  onClose,
  onSaved,
}: {
  initialCustomerId?: number;
  onClose: () => void;
  onSaved: (payment: Payment) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PaymentFormValues>();
  const drawerSize = useDrawerSize(520);
  const create = useCreatePayment();
  const keyFor = useIdempotencyKey();
  const method = Form.useWatch('method', form);
  const currency = Form.useWatch('currency', form) ?? COMPANY_CURRENCY;

  async function submit(values: PaymentFormValues) {
    const input = {
      customerId: values.customerId ?? 0,
      method: values.method,
      currency: values.currency,
      amount: parseYuanToFen(values.amount) ?? 0,
      receivedDate: values.receivedDate?.format('YYYY-MM-DD'),
      reference: values.reference.trim(),
      ...(values.method === 'acceptance_bill' && values.maturityDate
        ? { maturityDate: values.maturityDate.format('YYYY-MM-DD') }
        : {}),
      note: values.note.trim() || null,
      autoAllocate: values.autoAllocate,
    };
    try {
      onSaved(await create.mutateAsync({ input, key: keyFor(input) }));
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('finance.payments.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="payment-save"
            loading={create.isPending}
            onClick={() => form.submit()}
          >
            {t('finance.payments.register')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={create.error} testId="payment-error" style={{ marginBottom: 16 }} />
      <Form<PaymentFormValues>
        form={form}
        layout="vertical"
        data-testid="payment-form"
        initialValues={{
          customerId: initialCustomerId,
          method: 'bank_transfer',
          currency: COMPANY_CURRENCY,
          amount: '',
          receivedDate: null,
          maturityDate: null,
          reference: '',
          note: '',
          autoAllocate: true,
        }}
        onFinish={submit}
        scrollToFirstError
      >
        <Form.Item
          name="customerId"
          label={t('finance.fields.customer')}
          rules={[{ required: true, message: t('finance.validation.customerRequired') }]}
        >
          <CustomerSelect testId="payment-customer" placeholder={t('finance.customerPlaceholder')} />
        </Form.Item>
        <Form.Item name="method" label={t('finance.fields.method')}>
          <Radio.Group
            data-testid="payment-method"
            optionType="button"
            options={paymentMethods.map((value) => ({ value, label: t(`finance.paymentMethods.${value}`) }))}
          />
        </Form.Item>
        {method === 'acceptance_bill' && (
          <Form.Item
            name="maturityDate"
            label={t('finance.fields.maturityDate')}
            rules={[{ required: true, message: t('finance.validation.maturityRequired') }]}
          >
            <DatePicker data-testid="payment-maturity" style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Flex gap={12}>
          <Form.Item name="currency" label={t('finance.fields.currency')} style={{ flex: '0 0 110px' }}>
            <Select
              data-testid="payment-currency"
              options={documentCurrencies.map((code) => ({ value: code, label: code }))}
            />
          </Form.Item>
          <Form.Item
            name="amount"
            label={t('finance.fields.amountIn', { currency })}
            style={{ flex: 1 }}
            rules={[
              { required: true, message: t('finance.validation.amountRequired') },
              {
                validator: (_rule, value: string) => {
                  if (!value) return Promise.resolve();
                  const minor = parseYuanToFen(value);
                  return minor !== null && minor > 0
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('finance.validation.amountFormat')));
                },
              },
            ]}
          >
            <Input
              data-testid="payment-amount"
              inputMode="decimal"
              prefix={currency === COMPANY_CURRENCY ? '¥' : currency}
              placeholder="0.00"
            />
          </Form.Item>
        </Flex>
        <Form.Item
          name="receivedDate"
          label={t('finance.fields.receivedDate')}
          extra={t('finance.todayPlaceholder')}
        >
          <DatePicker data-testid="payment-date" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reference"
          label={
            method === 'acceptance_bill' ? t('finance.fields.billNumber') : t('finance.fields.reference')
          }
          rules={[
            { required: true, whitespace: true, message: t('finance.validation.referenceRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="payment-reference" maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('finance.fields.note')}>
          <Input.TextArea data-testid="payment-note" rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="autoAllocate" valuePropName="checked" extra={t('finance.payments.autoAllocateHint')}>
          <Checkbox data-testid="payment-auto-allocate">{t('finance.payments.autoAllocate')}</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
