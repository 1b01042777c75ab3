import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeRate } from '../../../../../contracts/exchange-rates.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { isApiError } from '../../../shared/api.ts';
import { COMPANY_CURRENCY, documentCurrencies } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { formatDate } from '../../../shared/format.ts';
import { markFieldError } from '../../../shared/formErrors.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { useExchangeRateList, useExchangeRateLookup, useSaveExchangeRate } from './exchangeRates.api.ts';

const FILTER_KEYS = ['currency', 'from', 'to'] as const;
const FOREIGN_CURRENCIES = documentCurrencies.filter((c) => c !== COMPANY_CURRENCY);
const RATE_PATTERN = /^\d{1,10}(\.\d{1,8})?$/;
const DATE_FORMAT = 'YYYY-MM-DD';

/** Rates to CNY: the list (filter by currency and dates), a lookup by document date, and the form finance records them with. */
export function ExchangeRatesPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('finance:write');
  const list = useListState(FILTER_KEYS);
  const rates = useExchangeRateList(list.query);
  const [isAdding, setAdding] = useState(false);

  const columns: ColumnsType<ExchangeRate> = [
    {
      key: 'currency',
      title: t('finance.exchangeRates.currency'),
      dataIndex: 'currency',
      width: 100,
      sorter: true,
      sortOrder: sortOrderOf(list.sort, 'currency'),
    },
    {
      key: 'rateDate',
      title: t('finance.exchangeRates.rateDate'),
      width: 140,
      sorter: true,
      sortOrder: sortOrderOf(list.sort, 'rateDate'),
      render: (_v, r) => formatDate(r.rateDate, lang),
    },
    {
      key: 'rate',
      title: t('finance.exchangeRates.rate'),
      dataIndex: 'rate',
      align: 'right',
      width: 160,
      render: (rate: string) => (
        <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>{rate}</Typography.Text>
      ),
    },
  ];

  const dateFilter = (key: 'from' | 'to') => (
    <DatePicker
      data-testid={`exchange-rates-filter-${key}`}
      placeholder={t(`finance.exchangeRates.${key}`)}
      value={list.filters[key] ? dayjs(list.filters[key]) : null}
      onChange={(value: Dayjs | null) => list.update({ filters: { [key]: value?.format(DATE_FORMAT) } })}
      style={{ width: isMobile ? '100%' : 150 }}
    />
  );

  return (
    <Card
      title={t('finance.exchangeRates.title')}
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="exchange-rate-add"
            onClick={() => setAdding(true)}
          >
            {t('finance.exchangeRates.add')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('finance.exchangeRates.intro')}</Typography.Text>
        <Flex gap={8} wrap>
          <Select<string>
            allowClear
            data-testid="exchange-rates-filter-currency"
            placeholder={t('finance.exchangeRates.currency')}
            value={list.filters.currency}
            onChange={(currency?: string) => list.update({ filters: { currency } })}
            options={FOREIGN_CURRENCIES.map((value) => ({ value, label: value }))}
            style={{ width: isMobile ? '100%' : 120 }}
          />
          {dateFilter('from')}
          {dateFilter('to')}
        </Flex>
        <RateLookup />
        <ErrorAlert error={rates.error} testId="exchange-rates-error" />
        <Table<ExchangeRate>
          data-testid="exchange-rates-table"
          rowKey={(r) => `${r.currency}/${r.rateDate}`}
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={rates.data?.items ?? []}
          loading={rates.isFetching}
          scroll={{ x: 'max-content' }}
          onChange={(_pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
          }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: rates.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
            onChange: (page, pageSize) => list.update({ page, pageSize }),
          }}
        />
      </Flex>
      {isAdding && <AddRateModal onClose={() => setAdding(false)} />}
    </Card>
  );
}

/** Which rate a document of a date would take: the same rule orders, purchase orders and invoices use. */
function RateLookup() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [currency, setCurrency] = useState<string>(FOREIGN_CURRENCIES[0] ?? 'USD');
  const [date, setDate] = useState<Dayjs | null>(null);
  const lookup = useExchangeRateLookup(currency, date?.format(DATE_FORMAT));
  return (
    <Flex gap={8} wrap align="center">
      <Typography.Text strong>{t('finance.exchangeRates.lookupTitle')}</Typography.Text>
      <Select<string>
        data-testid="exchange-rate-lookup-currency"
        value={currency}
        onChange={setCurrency}
        options={FOREIGN_CURRENCIES.map((value) => ({ value, label: value }))}
        style={{ width: 100 }}
      />
      <DatePicker
        data-testid="exchange-rate-lookup-date"
        placeholder={t('finance.exchangeRates.lookupDate')}
        value={date}
        onChange={setDate}
      />
      {lookup.data && (
        <Typography.Text data-testid="exchange-rate-lookup-result">
          {t('finance.exchangeRates.lookupResult', {
            currency: lookup.data.currency,
            date: formatDate(lookup.data.date, lang),
            rate: lookup.data.rate,
            rateDate: lookup.data.rateDate ? formatDate(lookup.data.rateDate, lang) : '',
          })}
        </Typography.Text>
      )}
      {lookup.error && <ErrorAlert error={lookup.error} testId="exchange-rate-lookup-error" />}
    </Flex>
  );
}

interface RateFormValues {
  currency: string;
  rateDate: Dayjs | null;
  rate: string;
}

const FIELD_NAMES = ['currency', 'rateDate', 'rate'] as const;

function AddRateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RateFormValues>();
  const save = useSaveExchangeRate();
  const [existing, setExisting] = useState<{ values: RateFormValues } | null>(null);

  async function submit(values: RateFormValues, replace = false) {
    const input = {
      currency: values.currency,
      rateDate: values.rateDate?.format(DATE_FORMAT) ?? '',
      rate: values.rate.trim(),
    };
    try {
      await save.mutateAsync({ input, replace });
      void message.success(t('finance.exchangeRates.saved'));
      onClose();
    } catch (error) {
      if (!replace && isApiError(error) && error.code === 'DUPLICATE') {
        setExisting({ values });
        return;
      }
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  return (
    <Modal
      open
      title={t('finance.exchangeRates.addTitle')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('finance.exchangeRates.save')}
      okButtonProps={{ loading: save.isPending, id: 'exchange-rate-save' }}
      onOk={() => form.submit()}
    >
      {existing ? (
        <Alert
          type="warning"
          showIcon
          data-testid="exchange-rate-replace"
          title={t('finance.exchangeRates.replaceTitle')}
          description={t('finance.exchangeRates.replaceBody', {
            currency: existing.values.currency,
            date: existing.values.rateDate?.format(DATE_FORMAT) ?? '',
            newRate: existing.values.rate,
          })}
          action={
            <Button
              size="small"
              danger
              data-testid="exchange-rate-replace-confirm"
              loading={save.isPending}
              onClick={() => void submit(existing.values, true)}
            >
              {t('finance.exchangeRates.replace')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : (
        <ErrorAlert error={save.error} testId="exchange-rate-save-error" style={{ marginBottom: 16 }} />
      )}
      <Form<RateFormValues>
        form={form}
        layout="vertical"
        initialValues={{ currency: FOREIGN_CURRENCIES[0], rateDate: dayjs(), rate: '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setExisting(null)}
      >
        <Form.Item
          name="currency"
          label={t('finance.exchangeRates.currency')}
          rules={[{ required: true, message: t('finance.exchangeRates.validation.currencyRequired') }]}
        >
          <Select
            data-testid="exchange-rate-currency"
            options={FOREIGN_CURRENCIES.map((value) => ({ value, label: value }))}
          />
        </Form.Item>
        <Form.Item
          name="rateDate"
          label={t('finance.exchangeRates.rateDate')}
          rules={[{ required: true, message: t('finance.exchangeRates.validation.dateRequired') }]}
        >
          <DatePicker data-testid="exchange-rate-date" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="rate"
          label={t('finance.exchangeRates.rate')}
          rules={[
            { required: true, whitespace: true, message: t('finance.exchangeRates.validation.rateRequired') },
            {
              validator: (_rule, value: string) =>
                !value || (RATE_PATTERN.test(value.trim()) && /[1-9]/.test(value))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('finance.exchangeRates.validation.rateFormat'))),
            },
          ]}
        >
          <Input data-testid="exchange-rate-rate" inputMode="decimal" placeholder="7.1025" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
