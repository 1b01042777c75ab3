import { App, type ButtonProps, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type RatingOutlook, ratingOutlooks } from '../../../../contracts/credit-inputs.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday } from '../../shared/format.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { parseYuanToFen } from '../../shared/money.ts';
import { useAddExternalRating, useAddFinancialRatios } from './credit.api.ts';

/**
 * Parses a decimal typed by the user into a number with at most `decimals` places, scaled down
 * by `divisor` (100 for a percentage → fraction); null when blank, NaN when not a number.
 */
export function parseDecimal(
  text: string,
  decimals: number,
  divisor = 1,
  allowNegative = false,
): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const pattern = new RegExp(`^${allowNegative ? '-?' : ''}\\d+(\\.\\d{1,${decimals}})?$`);
  if (!pattern.test(trimmed)) return Number.NaN;
  // Scaled through integers so that 55.25 % is exactly 0.5525.
  const scale = 10 ** decimals;
  return Math.round(Number(trimmed) * scale) / (scale * divisor);
}

function decimalRule(message: string, decimals: number, allowNegative = false) {
  return {
    validator: (_rule: unknown, value: string | undefined) =>
      Number.isNaN(parseDecimal(value ?? '', decimals, 1, allowNegative))
        ? Promise.reject(new Error(message))
        : Promise.resolve(),
  };
}

const disabledFuture = (day: Dayjs) => day.isAfter(dayjs(businessToday()), 'day');

interface RatingFormValues {
  agency: string;
  rating: string;
  outlook: RatingOutlook | null;
  ratedOn: Dayjs;
  note: string;
}

/** Enters an external agency's rating of the customer (shown beside the score, not scored). */
export function ExternalRatingModal({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddExternalRating();
  const [form] = Form.useForm<RatingFormValues>();
  return (
    <Modal
      open
      title={t('credit.inputs.addRating')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      okButtonProps={{ loading: add.isPending, 'data-testid': 'credit-rating-input-save' } as ButtonProps}
      onOk={() => form.submit()}
    >
      <ErrorAlert error={add.error} style={{ marginBottom: 16 }} />
      <Form<RatingFormValues>
        form={form}
        layout="vertical"
        initialValues={{ agency: '', rating: '', outlook: null, ratedOn: dayjs(businessToday()), note: '' }}
        onFinish={async (values) => {
          try {
            await add.mutateAsync({
              customerId,
              body: {
                agency: values.agency.trim(),
                rating: values.rating.trim(),
                outlook: values.outlook ?? null,
                ratedOn: values.ratedOn.format('YYYY-MM-DD'),
                note: values.note.trim() || null,
              },
            });
            void message.success(t('credit.inputs.saved'));
            onClose();
          } catch (error) {
            markFieldError(form, error, ['agency', 'rating', 'outlook', 'ratedOn', 'note']);
          }
        }}
      >
        <Form.Item
          name="agency"
          label={t('credit.inputs.fields.agency')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input maxLength={100} data-testid="credit-rating-input-agency" />
        </Form.Item>
        <Form.Item
          name="rating"
          label={t('credit.inputs.fields.rating')}
          rules={[{ required: true, whitespace: true, max: 20 }]}
        >
          <Input maxLength={20} placeholder="AA+" data-testid="credit-rating-input-rating" />
        </Form.Item>
        <Form.Item name="outlook" label={t('credit.inputs.fields.outlook')}>
          <Select
            allowClear
            options={ratingOutlooks.map((o) => ({ value: o, label: t(`credit.inputs.outlooks.${o}`) }))}
          />
        </Form.Item>
        <Form.Item name="ratedOn" label={t('credit.inputs.fields.ratedOn')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={disabledFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('credit.inputs.fields.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RatiosFormValues {
  periodEnd: Dayjs;
  currentRatio: string;
  quickRatio: string;
  debtToAssetPercent: string;
  netMarginPercent: string;
  revenue: string;
  sourceNote: string;
}

const RATIO_FIELDS = [
  'periodEnd',
  'currentRatio',
  'quickRatio',
  'debtToAssetPercent',
  'netMarginPercent',
  'revenue',
  'sourceNote',
] as const;

/** Enters ratios from the customer's financial statements (shown beside the score, not scored). */
export function FinancialRatiosModal({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useAddFinancialRatios();
  const [form] = Form.useForm<RatiosFormValues>();
  const invalid = t('credit.inputs.invalidNumber');
  return (
    <Modal
      open
      title={t('credit.inputs.addRatios')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      okButtonProps={{ loading: add.isPending, 'data-testid': 'credit-ratios-input-save' } as ButtonProps}
      onOk={() => form.submit()}
    >
      <ErrorAlert error={add.error} style={{ marginBottom: 16 }} />
      <Form<RatiosFormValues>
        form={form}
        layout="vertical"
        initialValues={{
          periodEnd: dayjs(businessToday()).subtract(1, 'year').endOf('year'),
          currentRatio: '',
          quickRatio: '',
          debtToAssetPercent: '',
          netMarginPercent: '',
          revenue: '',
          sourceNote: '',
        }}
        onFinish={async (values) => {
          const body = {
            periodEnd: values.periodEnd.format('YYYY-MM-DD'),
            currentRatio: parseDecimal(values.currentRatio, 4),
            quickRatio: parseDecimal(values.quickRatio, 4),
            // Entered as percentages with up to two decimals; sent as fractions.
            debtToAssetRatio: parseDecimal(values.debtToAssetPercent, 2, 100),
            netMargin: parseDecimal(values.netMarginPercent, 2, 100, true),
            revenueFen: values.revenue.trim() ? parseYuanToFen(values.revenue) : null,
            sourceNote: values.sourceNote.trim() || null,
          };
          const measures = [
            body.currentRatio,
            body.quickRatio,
            body.debtToAssetRatio,
            body.netMargin,
            body.revenueFen,
          ];
          if (measures.every((m) => m === null)) {
            form.setFields([{ name: 'currentRatio', errors: [t('credit.inputs.atLeastOne')] }]);
            return;
          }
          if (body.quickRatio !== null && body.currentRatio !== null && body.quickRatio > body.currentRatio) {
            form.setFields([{ name: 'quickRatio', errors: [t('credit.inputs.quickAboveCurrent')] }]);
            return;
          }
          try {
            await add.mutateAsync({ customerId, body });
            void message.success(t('credit.inputs.saved'));
            onClose();
          } catch (error) {
            markFieldError(form, error, RATIO_FIELDS, {
              debtToAssetRatio: 'debtToAssetPercent',
              netMargin: 'netMarginPercent',
              revenueFen: 'revenue',
            });
          }
        }}
      >
        <Form.Item name="periodEnd" label={t('credit.inputs.fields.periodEnd')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={disabledFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="currentRatio"
          label={t('credit.inputs.fields.currentRatio')}
          rules={[decimalRule(invalid, 4)]}
        >
          <Input inputMode="decimal" placeholder="1.5" data-testid="credit-ratios-input-current" />
        </Form.Item>
        <Form.Item
          name="quickRatio"
          label={t('credit.inputs.fields.quickRatio')}
          rules={[decimalRule(invalid, 4)]}
        >
          <Input inputMode="decimal" placeholder="1.1" />
        </Form.Item>
        <Form.Item
          name="debtToAssetPercent"
          label={t('credit.inputs.fields.debtToAssetRatio')}
          rules={[decimalRule(invalid, 2)]}
        >
          <Input inputMode="decimal" suffix="%" />
        </Form.Item>
        <Form.Item
          name="netMarginPercent"
          label={t('credit.inputs.fields.netMargin')}
          rules={[decimalRule(invalid, 2, true)]}
        >
          <Input inputMode="decimal" suffix="%" />
        </Form.Item>
        <Form.Item
          name="revenue"
          label={t('credit.inputs.fields.revenue')}
          rules={[
            {
              validator: (_rule, value: string) =>
                (value ?? '').trim() && parseYuanToFen(value) === null
                  ? Promise.reject(new Error(t('credit.limitRequest.amountInvalid')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" />
        </Form.Item>
        <Form.Item name="sourceNote" label={t('credit.inputs.fields.sourceNote')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
