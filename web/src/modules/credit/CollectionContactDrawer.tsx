import { App, Button, DatePicker, Divider, Drawer, Flex, Form, Input, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type ContactChannel, contactChannels } from '../../../../contracts/collections.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday } from '../../shared/format.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { parseYuanToFen } from '../../shared/money.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { useLogCollectionContact } from './credit.api.ts';

interface ContactFormValues {
  contactedOn: Dayjs;
  channel: ContactChannel;
  contactPerson: string;
  note: string;
  promisedOn: Dayjs | null;
  promisedAmount: string;
}

const FIELD_NAMES = [
  'contactedOn',
  'channel',
  'contactPerson',
  'note',
  'promisedOn',
  'promisedAmount',
] as const;

/** Logs a collection contact (phone, visit, …) with an optional promise to pay. */
export function CollectionContactDrawer({
  customerId,
  customerName,
  onClose,
}: {
  customerId: number;
  customerName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const drawerSize = useDrawerSize(480);
  const log = useLogCollectionContact();
  const [form] = Form.useForm<ContactFormValues>();
  const today = businessToday();
  const contactedOn = Form.useWatch('contactedOn', form);

  const submit = async (values: ContactFormValues) => {
    const promisedFen = values.promisedAmount.trim() ? parseYuanToFen(values.promisedAmount) : null;
    try {
      await log.mutateAsync({
        customerId,
        body: {
          contactedOn: values.contactedOn.format('YYYY-MM-DD'),
          channel: values.channel,
          contactPerson: values.contactPerson.trim(),
          note: values.note.trim() || null,
          promisedOn: values.promisedOn ? values.promisedOn.format('YYYY-MM-DD') : null,
          promisedFen,
        },
      });
      void message.success(t('credit.collections.logged'));
      onClose();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES, { promisedFen: 'promisedAmount' });
    }
  };

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('credit.collections.drawerTitle', { name: customerName })}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="collection-contact-save"
            loading={log.isPending}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={log.error} style={{ marginBottom: 16 }} />
      <Form<ContactFormValues>
        form={form}
        layout="vertical"
        data-testid="collection-contact-form"
        initialValues={{
          contactedOn: dayjs(today),
          channel: 'phone',
          contactPerson: '',
          note: '',
          promisedOn: null,
          promisedAmount: '',
        }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="contactedOn"
          label={t('credit.collections.fields.contactedOn')}
          rules={[{ required: true }]}
        >
          <DatePicker
            allowClear={false}
            disabledDate={(day) => day.isAfter(dayjs(today), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('credit.collections.fields.channel')}>
          <Select
            options={contactChannels.map((c) => ({ value: c, label: t(`credit.collections.channels.${c}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="contactPerson"
          label={t('credit.collections.fields.contactPerson')}
          rules={[
            { required: true, whitespace: true, message: t('credit.collections.contactPersonRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="collection-contact-person" maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('credit.collections.fields.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Divider />
        <Typography.Text strong>{t('credit.collections.promiseSection')}</Typography.Text>
        <Form.Item
          name="promisedOn"
          label={t('credit.collections.fields.promisedOn')}
          dependencies={['promisedAmount']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_rule, value: Dayjs | null) =>
                !value && String(getFieldValue('promisedAmount') ?? '').trim()
                  ? Promise.reject(new Error(t('credit.collections.promiseBoth')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <DatePicker
            disabledDate={(day) => (contactedOn ? day.isBefore(contactedOn, 'day') : false)}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item
          name="promisedAmount"
          label={t('credit.collections.fields.promisedAmount')}
          dependencies={['promisedOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_rule, value: string) => {
                const text = (value ?? '').trim();
                if (!text) {
                  return getFieldValue('promisedOn')
                    ? Promise.reject(new Error(t('credit.collections.promiseBoth')))
                    : Promise.resolve();
                }
                const fen = parseYuanToFen(text);
                return fen === null || fen === 0
                  ? Promise.reject(new Error(t('credit.limitRequest.amountInvalid')))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <Input data-testid="collection-promised-amount" inputMode="decimal" prefix="¥" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
