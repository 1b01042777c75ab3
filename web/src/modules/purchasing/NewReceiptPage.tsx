import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { PurchaseOrder } from '../../../../contracts/purchasing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ForbiddenPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { ScanInput, type ScanInputHandle } from '../../shared/ScanInput.tsx';
import { fetchProduct, productKeys } from '../products/products.api.ts';
import { useParseUdi } from '../udi/udi.api.ts';
import { PurchaseOrderStatusTag } from './PurchasingTags.tsx';
import { useCreateReceipt, usePurchaseOrder, usePurchaseOrderList } from './purchasing.api.ts';
import {
  canReceive,
  type DraftProblem,
  draftProblems,
  isLineIncluded,
  newReceiptLineDraft,
  openQuantity,
  orderLineOfError,
  type ReceiptLineDraft,
  toReceiptLineRequest,
} from './purchasing.rules.ts';
import { ReceiptLineCard } from './ReceiptLineCard.tsx';

/** /receipts/new?po=ID: receive goods against a confirmed purchase order, with inspection. */
export function NewReceiptPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('po'));
  const orderId = Number.isInteger(raw) && raw > 0 ? raw : undefined;
  if (!user.permissions.includes('purchasing:write')) return <ForbiddenPage />;

  const choose = (id: number | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('po', String(id));
        else next.delete('po');
        return next;
      },
      { replace: true },
    );

  return (
    <Flex vertical gap={16}>
      <Link to="/receipts" data-testid="receipt-new-back">
        <ArrowLeftOutlined /> {t('purchasing.receipts.backToList')}
      </Link>
      <Card title={t('purchasing.receiving.title')} size="small">
        <OrderPicker value={orderId} onChange={choose} />
      </Card>
      {orderId === undefined ? (
        <Empty description={t('purchasing.receiving.pickOrder')} />
      ) : (
        <ReceiveAgainstOrder key={orderId} orderId={orderId} />
      )}
    </Flex>
  );
}

/** Confirmed and partly received orders, found by number or supplier. */
function OrderPicker({
  value,
  onChange,
}: {
  value: number | undefined;
  onChange: (id: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search).trim() || undefined;
  const confirmed = usePurchaseOrderList({ status: 'confirmed', q, pageSize: 30, sort: '-orderDate' });
  const partial = usePurchaseOrderList({ status: 'partially_received', q, pageSize: 30, sort: '-orderDate' });
  const chosen = usePurchaseOrder(value);
  const orders = useMemo(() => {
    const list = [...(partial.data?.items ?? []), ...(confirmed.data?.items ?? [])];
    if (chosen.data && !list.some((order) => order.id === chosen.data.id)) list.unshift(chosen.data);
    return list;
  }, [confirmed.data, partial.data, chosen.data]);

  return (
    <Select<number>
      data-testid="receipt-po-select"
      value={value}
      allowClear
      onChange={(id) => onChange(id ?? undefined)}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={confirmed.isFetching || partial.isFetching}
      placeholder={t('purchasing.receiving.orderPlaceholder')}
      options={orders.map((order) => ({
        value: order.id,
        label: `${order.number} · ${order.supplierName} · ${formatDate(order.orderDate, lang)}`,
      }))}
      popupMatchSelectWidth={false}
      style={{ width: isMobile ? '100%' : 520, maxWidth: '100%' }}
    />
  );
}

function ReceiveAgainstOrder({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const order = usePurchaseOrder(orderId);
  if (order.isLoading) return <Skeleton active />;
  if (!order.data) {
    return isApiError(order.error) && order.error.status === 404 ? (
      <Alert type="error" showIcon title={t('purchasing.orders.notFound')} />
    ) : (
      <ErrorAlert error={order.error} />
    );
  }
  if (!canReceive(order.data.status)) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="receipt-po-not-receivable"
        title={t('purchasing.receiving.notReceivable', {
          number: order.data.number,
          status: t(`purchasing.orderStatuses.${order.data.status}`),
        })}
      />
    );
  }
  return <ReceiptForm order={order.data} />;
}

function ReceiptForm({ order }: { order: PurchaseOrder }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const create = useCreateReceipt();
  const parse = useParseUdi();
  const today = businessToday();
  const [arrivalDate, setArrivalDate] = useState<Dayjs>(() => dayjs(today));
  const [drafts, setDrafts] = useState<Record<number, ReceiptLineDraft>>(() =>
    Object.fromEntries(order.lines.map((line) => [line.id, newReceiptLineDraft(line, user.displayName)])),
  );
  const [showProblems, setShowProblems] = useState(false);
  const [sentLineIds, setSentLineIds] = useState<number[]>([]);
  const quickScanRef = useRef<ScanInputHandle>(null);
  const [quickScan, setQuickScan] = useState('');
  const [quickScanMessage, setQuickScanMessage] = useState<{
    type: 'success' | 'error';
    text: string;
  } | null>(null);
  const cardRefs = useRef<Record<number, HTMLDivElement | null>>({});

  const products = useQueries({
    queries: [...new Set(order.lines.map((line) => line.productId))].map((productId) => ({
      queryKey: productKeys.detail(productId),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchProduct(productId, signal),
      staleTime: 5 * 60_000,
    })),
  });
  const serialTracked = new Set(
    products.flatMap((result) => (result.data?.isSerialTracked ? [result.data.id] : [])),
  );

  const errorLineId = orderLineOfError(create.error, sentLineIds);
  const openLines = order.lines.filter((line) => openQuantity(line) > 0);
  const doneLines = order.lines.filter((line) => openQuantity(line) === 0);
  const included = openLines.filter((line) => {
    const draft = drafts[line.id];
    return draft !== undefined && isLineIncluded(draft);
  });
  const problemsOf = (lineId: number): DraftProblem[] => {
    const draft = drafts[lineId];
    if (!draft || !isLineIncluded(draft)) return [];
    return draftProblems(draft);
  };

  useEffect(() => {
    if (errorLineId !== null)
      cardRefs.current[errorLineId]?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [errorLineId]);

  function patch(lineId: number, change: Partial<ReceiptLineDraft>) {
    setDrafts((current) => {
      const draft = current[lineId];
      return draft ? { ...current, [lineId]: { ...draft, ...change } } : current;
    });
  }

  /** One scan field for the whole delivery: the code goes to the open line of its GTIN. */
  async function scanAnyLine(code: string) {
    if (!code) return;
    setQuickScanMessage(null);
    try {
      const result = await parse.mutateAsync(code);
      const candidates = openLines.filter((line) => line.gtin !== null && line.gtin === result.gtin);
      const target = candidates.find((line) => drafts[line.id]?.scanned === null) ?? candidates[0];
      if (!target) {
        setQuickScanMessage({
          type: 'error',
          text: t('purchasing.receiving.noLineForGtin', { gtin: result.gtin ?? '—' }),
        });
        return;
      }
      const draft = drafts[target.id];
      const serials =
        result.serial && draft && !draft.serials.includes(result.serial)
          ? [...draft.serials, result.serial]
          : (draft?.serials ?? []);
      patch(target.id, {
        mode: 'scan',
        serials,
        scanned: {
          code,
          gtin: result.gtin,
          lot: result.lot,
          serial: result.serial,
          expiry: result.expiry,
          productionDate: result.productionDate,
          isExpired: result.isExpired,
        },
      });
      setQuickScanMessage({
        type: 'success',
        text: t('purchasing.receiving.scannedToLine', {
          line: target.lineNo,
          sku: target.sku,
          lot: result.lot ?? '—',
        }),
      });
    } catch (error) {
      setQuickScanMessage({ type: 'error', text: describeError(error, t) });
    } finally {
      quickScanRef.current?.focusForNextScan();
    }
  }

  async function submit() {
    setShowProblems(true);
    if (included.length === 0) {
      void message.warning(t('purchasing.receiving.nothingToReceive'));
      return;
    }
    const blocked = included.find((line) => problemsOf(line.id).length > 0);
    if (blocked) {
      cardRefs.current[blocked.id]?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    const lineIds = included.map((line) => line.id);
    setSentLineIds(lineIds);
    try {
      const receipt = await create.mutateAsync({
        purchaseOrderId: order.id,
        arrivalDate: arrivalDate.format('YYYY-MM-DD'),
        lines: lineIds.map((id) => toReceiptLineRequest(drafts[id] as ReceiptLineDraft)),
      });
      void message.success(t('purchasing.receiving.posted', { number: receipt.number }));
      void navigate(`/receipts/${receipt.id}`);
    } catch {
      // Shown above the lines and beside the line it is about.
    }
  }

  const serverCode = isApiError(create.error) ? create.error.code : null;

  return (
    <Flex vertical gap={16} data-testid="receipt-form">
      <Card size="small" styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <Flex vertical gap={12}>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              <Link to={`/purchase-orders/${order.id}`}>{order.number}</Link>
            </Typography.Title>
            <PurchaseOrderStatusTag status={order.status} />
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3, lg: 3, xl: 3, xxl: 3 }}
            items={[
              { key: 'supplier', label: t('purchasing.fields.supplier'), children: order.supplierName },
              { key: 'warehouse', label: t('purchasing.fields.warehouse'), children: order.warehouseName },
              {
                key: 'orderDate',
                label: t('purchasing.fields.orderDate'),
                children: formatDate(order.orderDate, lang),
              },
            ]}
          />
          <Flex gap={12} wrap align="flex-end">
            <Flex vertical gap={4}>
              <Typography.Text>{t('purchasing.receipts.arrivalDate')}</Typography.Text>
              <DatePicker
                data-testid="receipt-arrival-date"
                value={arrivalDate}
                allowClear={false}
                disabledDate={(day) => day.isAfter(dayjs(today), 'day')}
                onChange={(value) => value && setArrivalDate(value)}
              />
            </Flex>
            <Flex vertical gap={4} style={{ flex: '1 1 280px' }}>
              <Typography.Text>{t('purchasing.receiving.quickScan')}</Typography.Text>
              <ScanInput
                ref={quickScanRef}
                testId="receipt-scan"
                autoFocus
                value={quickScan}
                onChange={setQuickScan}
                onSubmit={(code) => void scanAnyLine(code)}
                placeholder={t('purchasing.receiving.quickScanPlaceholder')}
              />
            </Flex>
          </Flex>
          {quickScanMessage && (
            <Alert
              type={quickScanMessage.type}
              showIcon
              data-testid="receipt-scan-result"
              title={quickScanMessage.text}
            />
          )}
        </Flex>
      </Card>

      {create.error ? (
        <Alert
          type="error"
          showIcon
          data-testid="receipt-error"
          data-code={serverCode ?? undefined}
          title={describeError(create.error, t)}
          description={
            serverCode ? (
              <Flex gap={8} align="center" wrap>
                <Tag>{serverCode}</Tag>
                {errorLineId !== null && (
                  <span>
                    {t('purchasing.receiving.errorAtLine', {
                      line: order.lines.find((line) => line.id === errorLineId)?.lineNo ?? '',
                    })}
                  </span>
                )}
              </Flex>
            ) : undefined
          }
        />
      ) : null}

      {openLines.map((line) => {
        const draft = drafts[line.id];
        if (!draft) return null;
        return (
          <div
            key={line.id}
            ref={(element) => {
              cardRefs.current[line.id] = element;
            }}
          >
            <ReceiptLineCard
              line={line}
              draft={draft}
              isIncluded={isLineIncluded(draft)}
              isSerialTracked={serialTracked.has(line.productId)}
              onChange={(change) => patch(line.id, change)}
              problems={showProblems ? problemsOf(line.id) : []}
              serverError={errorLineId === line.id ? create.error : null}
            />
          </div>
        );
      })}
      {doneLines.length > 0 && (
        <Card size="small" title={t('purchasing.receiving.doneLines')}>
          <Flex vertical gap={4}>
            {doneLines.map((line) => (
              <Typography.Text key={line.id} type="secondary">
                #{line.lineNo} {line.sku} · {line.productName} · {line.receivedQuantity}/{line.quantity}
              </Typography.Text>
            ))}
          </Flex>
        </Card>
      )}

      <Card size="small">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text data-testid="receipt-summary">
            {t('purchasing.receiving.summary', {
              lines: included.length,
              accepted: included.reduce((sum, line) => sum + (drafts[line.id]?.quantityAccepted ?? 0), 0),
              rejected: included.reduce((sum, line) => sum + (drafts[line.id]?.quantityRejected ?? 0), 0),
            })}
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            icon={<InboxOutlined />}
            data-testid="receipt-submit"
            loading={create.isPending}
            onClick={() => void submit()}
            block={isMobile}
          >
            {t('purchasing.receiving.submit')}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
