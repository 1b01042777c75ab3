import { ArrowLeftOutlined, CheckOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  Result,
  Select,
  Skeleton,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ComplianceCheck } from '../../../../contracts/catalog.ts';
import type { Customer } from '../../../../contracts/customers.ts';
import type { Order } from '../../../../contracts/sales.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ForbiddenPage, NotFoundPage } from '../../app/status.tsx';
import { apiGet, isApiError } from '../../shared/api.ts';
import { documentCurrencies, formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, EMPTY_VALUE } from '../../shared/format.ts';
import { formatFenAsYuanInput } from '../../shared/money.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { customerKeys, fetchCustomer } from '../customers/customers.api.ts';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { useIdempotencyKey } from '../finance/useIdempotencyKey.ts';
import { ConfirmationProblems } from './ConfirmationProblems.tsx';
import { OrderLinesEditor, useLinePricing } from './OrderLinesEditor.tsx';
import { salesKeys, useConfirmOrder, useCreateOrder, useOrder, useUpdateOrder } from './sales.api.ts';
import {
  formatDiscountPercent,
  lineDraftProblems,
  type OrderLineDraft,
  problemLineNumbers,
  readConfirmationProblems,
  requiredShelfLifeDays,
  toOrderLineInputs,
} from './sales.rules.ts';

/** /orders/new */
export function NewOrderPage() {
  const user = useCurrentUser();
  if (!user.permissions.includes('orders:write')) return <ForbiddenPage />;
  return <OrderForm />;
}

/** /orders/:id/edit — drafts only. */
export function EditOrderPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { id } = useParams();
  const orderId = Number(id);
  const valid = Number.isInteger(orderId) && orderId > 0;
  const order = useOrder(valid ? orderId : undefined);
  if (!valid) return <NotFoundPage />;
  if (!user.permissions.includes('orders:write')) return <ForbiddenPage />;
  if (order.isLoading) return <Skeleton active />;
  if (!order.data) {
    return isApiError(order.error) && order.error.status === 404 ? (
      <Result status="404" title={t('sales.orders.notFound')} />
    ) : (
      <ErrorAlert error={order.error} />
    );
  }
  if (order.data.status !== 'draft') {
    return (
      <Result
        status="warning"
        title={t('sales.entry.notDraft', { number: order.data.number })}
        extra={<Link to={`/orders/${order.data.id}`}>{t('sales.orders.open')}</Link>}
      />
    );
  }
  return <OrderForm key={order.data.id} initial={order.data} />;
}

function draftLinesOf(order: Order): OrderLineDraft[] {
  return order.lines.map((line) => ({
    key: `saved-${line.id}`,
    productId: line.productId,
    quantity: line.quantity,
    manualPrice: line.priceSource === 'manual' ? formatFenAsYuanInput(line.unitPrice) : '',
    discountPercent: formatDiscountPercent(line.discountRate),
  }));
}

type Problem = 'customer' | 'lines' | 'lineFields';

function OrderForm({ initial }: { initial?: Order }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const today = businessToday();
  const create = useCreateOrder();
  const update = useUpdateOrder();
  const confirm = useConfirmOrder();
  const keyOf = useIdempotencyKey();
  const confirmKeyOf = useIdempotencyKey();

  const [customerId, setCustomerId] = useState<number | undefined>(
    initial?.customerId ?? user.distributorId ?? undefined,
  );
  const [currency, setCurrency] = useState(initial?.currency ?? 'CNY');
  const [promisedDate, setPromisedDate] = useState(initial?.promisedDate ?? today);
  const [acceptPartial, setAcceptPartial] = useState(initial?.acceptPartial ?? false);
  const [note, setNote] = useState(initial?.note ?? '');
  const [lines, setLines] = useState<OrderLineDraft[]>(() => (initial ? draftLinesOf(initial) : []));
  const [version, setVersion] = useState(initial?.version ?? 0);
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  const canSetPrice = user.distributorId === null;
  const canSeeStock = user.permissions.includes('inventory:read');
  const canCheckCompliance = user.permissions.includes('customers:read');
  const customer = useQuery({
    queryKey: customerKeys.detail(customerId ?? 0),
    queryFn: ({ signal }) => fetchCustomer(customerId ?? 0, signal),
    enabled: customerId !== undefined,
    staleTime: 60_000,
  });
  const pricing = useLinePricing(customerId, currency, lines);
  const problems = readConfirmationProblems(error);
  const flaggedLines = problemLineNumbers(problems);

  const formProblems: Problem[] = [];
  if (customerId === undefined) formProblems.push('customer');
  if (lines.length === 0) formProblems.push('lines');
  if (lines.some((line) => lineDraftProblems(line).length > 0)) formProblems.push('lineFields');

  function changeLines(next: OrderLineDraft[]) {
    setLines(next);
  }

  async function submit(mode: 'draft' | 'confirm', partial = acceptPartial) {
    setShowProblems(true);
    if (formProblems.length > 0 || customerId === undefined) return;
    setError(null);
    setBusy(true);
    try {
      const order = initial
        ? await saveExisting(initial, mode, partial)
        : await create.mutateAsync({
            input: {
              customerId,
              promisedDate,
              currency,
              acceptPartial: partial,
              confirm: mode === 'confirm',
              note: note.trim() || null,
              lines: toOrderLineInputs(lines),
            },
            key: keyOf({
              customerId,
              promisedDate,
              currency,
              partial,
              mode,
              note,
              lines: toOrderLineInputs(lines),
            }),
          });
      void message.success(
        mode === 'confirm'
          ? t('sales.entry.confirmed', { number: order.number })
          : t('sales.entry.saved', { number: order.number }),
      );
      void navigate(`/orders/${order.id}`);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  async function saveExisting(order: Order, mode: 'draft' | 'confirm', partial: boolean): Promise<Order> {
    const saved = await update.mutateAsync({
      id: order.id,
      changes: {
        version,
        promisedDate,
        acceptPartial: partial,
        note: note.trim() || null,
        lines: toOrderLineInputs(lines),
      },
    });
    setVersion(saved.version);
    if (mode === 'draft') return saved;
    const body = { version: saved.version, acceptPartial: partial };
    return confirm.mutateAsync({ id: order.id, body, key: confirmKeyOf({ id: order.id, ...body }) });
  }

  const errorActions = (
    <Flex gap={8} wrap>
      {problems.some((problem) => problem.kind === 'insufficient_stock') && !acceptPartial && (
        <Button
          size="small"
          data-testid="order-entry-accept-partial"
          onClick={() => {
            setAcceptPartial(true);
            void submit('confirm', true);
          }}
        >
          {t('sales.entry.acceptPartialAndConfirm')}
        </Button>
      )}
      {problems.some((problem) => problem.kind === 'price_below_floor') && (
        <Button size="small" data-testid="order-entry-save-for-approval" onClick={() => void submit('draft')}>
          {t('sales.entry.saveForApproval')}
        </Button>
      )}
    </Flex>
  );

  const backTo = initial ? `/orders/${initial.id}` : '/orders';

  return (
    <Flex vertical gap={16} data-testid="order-entry">
      <Link to={backTo} data-testid="order-entry-back">
        <ArrowLeftOutlined /> {initial ? t('sales.entry.backToOrder') : t('sales.orders.backToList')}
      </Link>
      <Card
        title={initial ? t('sales.entry.editTitle', { number: initial.number }) : t('sales.entry.title')}
        size="small"
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <Flex vertical gap={12}>
          <Flex gap={12} wrap align="flex-end">
            <Flex vertical gap={4} style={{ flex: '2 1 300px', minWidth: 0 }}>
              <Typography.Text>{t('sales.fields.customer')}</Typography.Text>
              <CustomerSelect
                testId="order-entry-customer"
                value={customerId}
                onChange={(id) => {
                  setCustomerId(id);
                  setError(null);
                }}
                disabled={initial !== undefined || user.distributorId !== null}
                placeholder={t('sales.entry.customerPlaceholder')}
                style={{ width: '100%' }}
              />
              {showProblems && formProblems.includes('customer') && (
                <Typography.Text type="danger">{t('sales.entry.problems.customer')}</Typography.Text>
              )}
            </Flex>
            <Flex vertical gap={4} style={{ flex: '1 1 160px' }}>
              <Typography.Text>{t('sales.fields.promisedDate')}</Typography.Text>
              <DatePicker
                data-testid="order-entry-promised"
                value={dayjs(promisedDate)}
                allowClear={false}
                disabledDate={(day) => day.isBefore(dayjs(today), 'day')}
                onChange={(value) => value && setPromisedDate(value.format('YYYY-MM-DD'))}
                style={{ width: '100%' }}
              />
            </Flex>
            <Flex vertical gap={4} style={{ flex: '0 1 120px' }}>
              <Typography.Text>{t('sales.fields.currency')}</Typography.Text>
              <Select<string>
                data-testid="order-entry-currency"
                value={currency}
                disabled={initial !== undefined}
                onChange={setCurrency}
                options={documentCurrencies.map((code) => ({ value: code, label: code }))}
              />
            </Flex>
            <Flex gap={8} align="center" style={{ flex: '1 1 220px', minHeight: 32 }}>
              <Switch data-testid="order-entry-partial" checked={acceptPartial} onChange={setAcceptPartial} />
              <Typography.Text>{t('sales.fields.acceptPartial')}</Typography.Text>
            </Flex>
          </Flex>
          <Input.TextArea
            data-testid="order-entry-note"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('sales.fields.note')}
            maxLength={1000}
            autoSize={{ minRows: 1, maxRows: 4 }}
          />
          {customerId !== undefined && (
            <CustomerChecks
              customer={customer.data}
              customerError={customer.error}
              productIds={lines.map((line) => line.productId)}
              date={today}
              canCheckCompliance={canCheckCompliance}
            />
          )}
        </Flex>
      </Card>

      <OrderLinesEditor
        testId="order-entry-lines"
        lines={lines}
        onChange={changeLines}
        pricing={pricing}
        customer={customer.data}
        currency={currency}
        promisedDate={promisedDate}
        saleDate={today}
        canSetPrice={canSetPrice}
        canSeeStock={canSeeStock}
        canCheckCompliance={canCheckCompliance}
        flaggedLines={flaggedLines}
        showProblems={showProblems}
      />

      {showProblems && formProblems.includes('lines') && (
        <Alert
          type="warning"
          showIcon
          title={t('sales.entry.problems.lines')}
          data-testid="order-entry-no-lines"
        />
      )}
      <ConfirmationProblems error={error} testId="order-entry-error" actions={errorActions} />

      <Card size="small" styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Flex vertical gap={2} data-testid="order-entry-totals">
            <Typography.Text>
              {t('sales.fields.net')}:{' '}
              <strong data-testid="order-entry-total-net">
                {pricing.totals ? formatAmount(pricing.totals.net, currency, lang) : EMPTY_VALUE}
              </strong>
              {' · '}
              {t('sales.fields.vat')}:{' '}
              <strong data-testid="order-entry-total-tax">
                {pricing.totals ? formatAmount(pricing.totals.tax, currency, lang) : EMPTY_VALUE}
              </strong>
            </Typography.Text>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="order-entry-total-gross">
              {t('sales.fields.gross')}:{' '}
              {pricing.totals ? formatAmount(pricing.totals.gross, currency, lang) : EMPTY_VALUE}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('sales.entry.totalsHint')}
            </Typography.Text>
          </Flex>
          <Flex gap={8} wrap style={isMobile ? { width: '100%' } : undefined}>
            <Button
              size="large"
              icon={<SaveOutlined />}
              data-testid="order-entry-save"
              loading={isBusy}
              onClick={() => void submit('draft')}
              block={isMobile}
            >
              {t('sales.entry.saveDraft')}
            </Button>
            <Button
              type="primary"
              size="large"
              icon={<CheckOutlined />}
              data-testid="order-entry-confirm"
              loading={isBusy}
              onClick={() => void submit('confirm')}
              block={isMobile}
            >
              {initial ? t('sales.entry.saveAndConfirm') : t('sales.entry.confirm')}
            </Button>
          </Flex>
        </Flex>
      </Card>
    </Flex>
  );
}

/**
 * What will be checked at confirmation, as far as it can be known now: the customer's
 * qualifications against each product, and credit (decided by the server when confirming).
 */
function CustomerChecks({
  customer,
  customerError,
  productIds,
  date,
  canCheckCompliance,
}: {
  customer: Customer | undefined;
  customerError: unknown;
  productIds: number[];
  date: string;
  canCheckCompliance: boolean;
}) {
  const { t } = useTranslation();
  const unique = [...new Set(productIds)];
  const checks = useQueries({
    queries: unique.map((productId) => ({
      queryKey: salesKeys.compliance(customer?.id ?? 0, productId, date),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        apiGet<ComplianceCheck>('/api/compliance/check', {
          signal,
          query: { customerId: customer?.id, productId, date },
        }),
      enabled: canCheckCompliance && customer !== undefined,
      staleTime: 60_000,
    })),
  });
  if (customerError) return <ErrorAlert error={customerError} />;
  if (!customer) return <Skeleton active paragraph={{ rows: 1 }} />;
  const blocked = checks.filter((check) => check.data && !check.data.allowed).length;
  const known = checks.filter((check) => check.data).length;

  const compliance = !canCheckCompliance ? (
    <Tag>{t('sales.entry.complianceUnknown')}</Tag>
  ) : unique.length === 0 ? (
    <Typography.Text type="secondary">{t('sales.entry.complianceNoLines')}</Typography.Text>
  ) : known < unique.length ? (
    <Tag>{t('sales.entry.complianceChecking')}</Tag>
  ) : blocked === 0 ? (
    <Tag color="green" data-status="ok">
      {t('sales.entry.complianceAllOk', { count: unique.length })}
    </Tag>
  ) : (
    <Tag color="red" data-status="blocked">
      {t('sales.entry.complianceSomeBlocked', { count: blocked })}
    </Tag>
  );

  return (
    <Descriptions
      data-testid="order-entry-customer-checks"
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2, lg: 4, xl: 4, xxl: 4 }}
      items={[
        { key: 'region', label: t('sales.fields.region'), children: customer.regionName },
        {
          key: 'shelfLife',
          label: t('sales.fields.minShelfLife'),
          children: t('sales.entry.shelfLifeDays', {
            count: requiredShelfLifeDays(customer.minShelfLifeDays),
          }),
        },
        {
          key: 'compliance',
          label: t('sales.fields.compliance'),
          children: <span data-testid="order-entry-compliance">{compliance}</span>,
        },
        {
          key: 'credit',
          label: t('sales.fields.credit'),
          children: (
            <Tag data-testid="order-entry-credit" data-status="not_checked">
              {t('sales.credit.notChecked')}
            </Tag>
          ),
        },
      ]}
    />
  );
}
