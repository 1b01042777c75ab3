import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Input, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth.tsx';
import { ForbiddenPage } from '../../app/status.tsx';
import { documentCurrencies, formatAmount } from '../../shared/currency.ts';
import { businessToday, EMPTY_VALUE } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { customerKeys, fetchCustomer } from '../customers/customers.api.ts';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { ConfirmationProblems } from './ConfirmationProblems.tsx';
import { OrderLinesEditor, useLinePricing } from './OrderLinesEditor.tsx';
import { useCreateQuote } from './sales.api.ts';
import { addDays, lineDraftProblems, type OrderLineDraft, toOrderLineInputs } from './sales.rules.ts';

export function NewQuotePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateQuote();
  const keyOf = useIdempotencyKey();
  const today = businessToday();
  const [customerId, setCustomerId] = useState<number | undefined>(user.distributorId ?? undefined);
  const [currency, setCurrency] = useState('CNY');
  const [validUntil, setValidUntil] = useState(addDays(today, 30));
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<OrderLineDraft[]>([]);
  const [showProblems, setShowProblems] = useState(false);
  const customer = useQuery({
    queryKey: customerKeys.detail(customerId ?? 0),
    queryFn: ({ signal }) => fetchCustomer(customerId ?? 0, signal),
    enabled: customerId !== undefined,
  });
  const pricing = useLinePricing(customerId, currency, lines);
  if (!user.permissions.includes('orders:write')) return <ForbiddenPage />;

  const hasProblems =
    customerId === undefined ||
    lines.length === 0 ||
    lines.some((line) => lineDraftProblems(line).length > 0);

  async function submit() {
    setShowProblems(true);
    if (hasProblems || customerId === undefined) return;
    const input = {
      customerId,
      currency,
      validUntil,
      note: note.trim() || null,
      lines: toOrderLineInputs(lines),
    };
    try {
      const quote = await create.mutateAsync({ input, key: keyOf(input) });
      void message.success(t('sales.quotes.created', { number: quote.number }));
      void navigate(`/quotes/${quote.id}`);
    } catch {
      // Shown below.
    }
  }

  return (
    <Flex vertical gap={16} data-testid="quote-entry">
      <Link to="/quotes">
        <ArrowLeftOutlined /> {t('sales.quotes.backToList')}
      </Link>
      <Card
        title={t('sales.quotes.create')}
        size="small"
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <Flex gap={12} wrap align="flex-end">
          <Flex vertical gap={4} style={{ flex: '2 1 300px', minWidth: 0 }}>
            <Typography.Text>{t('sales.fields.customer')}</Typography.Text>
            <CustomerSelect
              testId="quote-entry-customer"
              value={customerId}
              onChange={setCustomerId}
              disabled={user.distributorId !== null}
              placeholder={t('sales.entry.customerPlaceholder')}
              style={{ width: '100%' }}
            />
            {showProblems && customerId === undefined && (
              <Typography.Text type="danger">{t('sales.entry.problems.customer')}</Typography.Text>
            )}
          </Flex>
          <Flex vertical gap={4} style={{ flex: '1 1 160px' }}>
            <Typography.Text>{t('sales.fields.validUntil')}</Typography.Text>
            <DatePicker
              data-testid="quote-entry-valid-until"
              value={dayjs(validUntil)}
              allowClear={false}
              disabledDate={(day) => day.isBefore(dayjs(today), 'day')}
              onChange={(value) => value && setValidUntil(value.format('YYYY-MM-DD'))}
              style={{ width: '100%' }}
            />
          </Flex>
          <Flex vertical gap={4} style={{ flex: '0 1 120px' }}>
            <Typography.Text>{t('sales.fields.currency')}</Typography.Text>
            <Select<string>
              value={currency}
              onChange={setCurrency}
              options={documentCurrencies.map((code) => ({ value: code, label: code }))}
            />
          </Flex>
          <Input.TextArea
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('sales.fields.note')}
            maxLength={1000}
            autoSize={{ minRows: 1, maxRows: 4 }}
          />
        </Flex>
      </Card>
      <OrderLinesEditor
        testId="quote-entry-lines"
        lines={lines}
        onChange={setLines}
        pricing={pricing}
        customer={customer.data}
        currency={currency}
        promisedDate={today}
        saleDate={today}
        canSetPrice={user.distributorId === null}
        canSeeStock={user.permissions.includes('inventory:read')}
        canCheckCompliance={user.permissions.includes('customers:read')}
        flaggedLines={[]}
        showProblems={showProblems}
      />
      <ConfirmationProblems error={create.error} testId="quote-entry-error" />
      <Card size="small">
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('sales.fields.gross')}:{' '}
            {pricing.totals ? formatAmount(pricing.totals.gross, currency, lang) : EMPTY_VALUE}
          </Typography.Title>
          <Button
            type="primary"
            size="large"
            icon={<SaveOutlined />}
            data-testid="quote-entry-save"
            loading={create.isPending}
            onClick={() => void submit()}
            block={isMobile}
          >
            {t('sales.quotes.save')}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
