import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth.tsx';
import { ForbiddenPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { documentCurrencies } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday } from '../../shared/format.ts';
import { useIsMobile } from '../../shared/responsive.ts';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { PriceLinesEditor } from './PricingParts.tsx';
import { useCreateContract } from './pricing.api.ts';
import {
  canSeeFloorPrice,
  canSetPrices,
  fieldOfServerError,
  type PriceLineDraft,
  toPriceInputs,
} from './pricing.rules.ts';
import { addDays } from './sales.rules.ts';

const FIELDS = ['customerId', 'validFrom', 'validUntil', 'lines'] as const;

export function NewContractPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateContract();
  const keyOf = useIdempotencyKey();
  const today = businessToday();
  const [customerId, setCustomerId] = useState<number | undefined>(undefined);
  const [currency, setCurrency] = useState('CNY');
  const [validFrom, setValidFrom] = useState(today);
  const [validUntil, setValidUntil] = useState(addDays(today, 364));
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<PriceLineDraft[]>([]);
  const [showProblems, setShowProblems] = useState(false);
  if (!canSetPrices(user)) return <ForbiddenPage />;

  const isPeriodReversed = validUntil < validFrom;
  const serverField = isApiError(create.error) ? fieldOfServerError(create.error, FIELDS) : undefined;
  const serverMessage = isApiError(create.error) ? create.error.message : undefined;

  async function submit() {
    setShowProblems(true);
    const items = toPriceInputs(lines);
    if (customerId === undefined || isPeriodReversed || items === null || items.length === 0) return;
    const input = {
      customerId,
      currency,
      validFrom,
      validUntil,
      note: note.trim() || null,
      lines: items,
    };
    try {
      const contract = await create.mutateAsync({ input, key: keyOf(input) });
      void message.success(t('sales.contracts.created', { number: contract.number }));
      void navigate(`/sales-contracts/${contract.id}`);
    } catch {
      // Shown below and under the field it is about.
    }
  }

  return (
    <Flex vertical gap={16} data-testid="contract-entry">
      <Link to="/sales-contracts">
        <ArrowLeftOutlined /> {t('sales.contracts.backToList')}
      </Link>
      <Card
        title={t('sales.contracts.create')}
        size="small"
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <Flex vertical gap={12}>
          <Alert type="info" showIcon title={t('sales.contracts.hint')} />
          <Flex gap={12} wrap align="flex-start">
            <Flex vertical gap={4} style={{ flex: '2 1 300px', minWidth: 0 }}>
              <Typography.Text>{t('sales.contracts.fields.customer')}</Typography.Text>
              <CustomerSelect
                testId="contract-entry-customer"
                value={customerId}
                onChange={setCustomerId}
                placeholder={t('sales.entry.customerPlaceholder')}
                style={{ width: '100%' }}
              />
              {showProblems && customerId === undefined && (
                <Typography.Text type="danger">
                  {t('sales.contracts.validation.customerRequired')}
                </Typography.Text>
              )}
              {serverField === 'customerId' && (
                <Typography.Text type="danger">{serverMessage}</Typography.Text>
              )}
            </Flex>
            <Flex vertical gap={4} style={{ flex: '1 1 280px' }}>
              <Typography.Text>{t('sales.contracts.fields.validity')}</Typography.Text>
              <DatePicker.RangePicker
                data-testid="contract-entry-validity"
                value={[dayjs(validFrom), dayjs(validUntil)]}
                allowClear={false}
                status={isPeriodReversed || serverField === 'validUntil' ? 'error' : undefined}
                onChange={(range) => {
                  const [from, until] = range ?? [];
                  if (from) setValidFrom(from.format('YYYY-MM-DD'));
                  if (until) setValidUntil(until.format('YYYY-MM-DD'));
                }}
                style={{ width: '100%' }}
              />
              {isPeriodReversed && (
                <Typography.Text type="danger">
                  {t('sales.contracts.validation.validUntilBeforeFrom')}
                </Typography.Text>
              )}
              {(serverField === 'validUntil' || serverField === 'validFrom') && (
                <Typography.Text type="danger">{serverMessage}</Typography.Text>
              )}
            </Flex>
            <Flex vertical gap={4} style={{ flex: '0 1 120px' }}>
              <Typography.Text>{t('sales.contracts.fields.currency')}</Typography.Text>
              <Select<string>
                data-testid="contract-entry-currency"
                value={currency}
                onChange={setCurrency}
                options={documentCurrencies.map((code) => ({ value: code, label: code }))}
              />
            </Flex>
          </Flex>
          <Input.TextArea
            data-testid="contract-entry-note"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('sales.contracts.fields.note')}
            maxLength={1000}
            autoSize={{ minRows: 1, maxRows: 4 }}
          />
        </Flex>
      </Card>
      <Card title={t('sales.contracts.fields.lines')} size="small">
        <PriceLinesEditor
          testId="contract-entry-lines"
          lines={lines}
          onChange={setLines}
          currency={currency}
          showProblems={showProblems}
          canSeeFloor={canSeeFloorPrice(user)}
          serverError={serverField === 'lines' ? serverMessage : undefined}
        />
        {showProblems && lines.length === 0 && (
          <Typography.Text type="danger">{t('sales.priceLines.problems.none')}</Typography.Text>
        )}
      </Card>
      <ErrorAlert error={create.error} testId="contract-entry-error" />
      <Flex justify="flex-end">
        <Button
          type="primary"
          size="large"
          icon={<SaveOutlined />}
          data-testid="contract-entry-save"
          loading={create.isPending}
          onClick={() => void submit()}
          block={isMobile}
        >
          {t('sales.contracts.save')}
        </Button>
      </Flex>
    </Flex>
  );
}
