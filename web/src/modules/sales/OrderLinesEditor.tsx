import { DeleteOutlined, WarningFilled } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  InputNumber,
  Skeleton,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/catalog.ts';
import type { Customer } from '../../../../contracts/customers.ts';
import type { ResolvedPrice } from '../../../../contracts/pricing.ts';
import { apiGet } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatPercent } from '../../shared/format.ts';
import { parseYuanToFen } from '../../shared/money.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { ScanInput, type ScanInputHandle } from '../../shared/ScanInput.tsx';
import { ProductSelect, productLabel } from '../inventory/index.ts';
import { fetchProduct, productKeys } from '../products/products.api.ts';
import { useParseUdi } from '../udi/udi.api.ts';
import { LineCompliance, LineStock } from './LineChecks.tsx';
import { PriceSourceTag } from './SalesTags.tsx';
import { fetchResolvedPrice, salesKeys } from './sales.api.ts';
import {
  addProductToLines,
  computeLineAmounts,
  isBelowFloor,
  type LineAmounts,
  type LineDraftProblem,
  lineDraftProblems,
  type OrderLineDraft,
  parseDiscountPercent,
  sumLineAmounts,
} from './sales.rules.ts';

type ProductPage = { items: Product[] };

export interface LinePricing {
  products: (Product | undefined)[];
  prices: (ResolvedPrice | undefined)[];
  priceErrors: unknown[];
  /** Per line, as the server will compute them; null until the price is known. */
  amounts: (LineAmounts | null)[];
  totals: LineAmounts | null;
  isLoading: boolean;
}

/**
 * Products, resolved prices and amounts of the entry lines. The price of a line depends on its
 * quantity (contract tiers), so a changed quantity asks again.
 */
export function useLinePricing(
  customerId: number | undefined,
  currency: string,
  lines: readonly OrderLineDraft[],
): LinePricing {
  const products = useQueries({
    queries: lines.map((line) => ({
      queryKey: productKeys.detail(line.productId),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchProduct(line.productId, signal),
      staleTime: 5 * 60_000,
    })),
  });
  const prices = useQueries({
    queries: lines.map((line) => {
      const params = {
        customerId: customerId ?? 0,
        productId: line.productId,
        quantity: Math.max(1, line.quantity || 1),
        currency,
      };
      return {
        queryKey: salesKeys.price(params),
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchResolvedPrice(params, signal),
        enabled: customerId !== undefined,
        staleTime: 60_000,
        retry: false,
        // While a changed quantity is priced again, keep showing the last price.
        placeholderData: keepPreviousData,
      };
    }),
  });
  const amounts = lines.map((line, index) => {
    const product = products[index]?.data;
    const manual = line.manualPrice.trim() === '' ? null : parseYuanToFen(line.manualPrice);
    const unitPrice = manual ?? prices[index]?.data?.unitPrice;
    const discountRate = parseDiscountPercent(line.discountPercent);
    if (!product || unitPrice === undefined || discountRate === null || lineDraftProblems(line).length > 0) {
      return null;
    }
    return computeLineAmounts({ quantity: line.quantity, unitPrice, discountRate, vatRate: product.vatRate });
  });
  return {
    products: products.map((result) => result.data),
    prices: prices.map((result) => result.data),
    priceErrors: prices.map((result) => result.error),
    amounts,
    totals: lines.length > 0 ? sumLineAmounts(amounts) : null,
    isLoading: products.some((result) => result.isLoading) || prices.some((result) => result.isLoading),
  };
}

export interface OrderLinesEditorProps {
  lines: OrderLineDraft[];
  onChange: (lines: OrderLineDraft[]) => void;
  pricing: LinePricing;
  customer: Customer | undefined;
  currency: string;
  promisedDate: string;
  /** The sale date compliance is checked for (today for a new order). */
  saleDate: string;
  /** Distributor users order at the resolved price: no manual price, no discount. */
  canSetPrice: boolean;
  canSeeStock: boolean;
  canCheckCompliance: boolean;
  /** 1-based line numbers the server's refusal is about. */
  flaggedLines: number[];
  showProblems: boolean;
  testId: string;
}

/** The lines of an order or quote: add by product search or scan, then price, stock and compliance per line. */
export function OrderLinesEditor(props: OrderLinesEditorProps) {
  const { t } = useTranslation();
  const { lines, onChange, testId } = props;
  const nextKey = useRef(1);
  const newKey = () => `line-${Date.now()}-${nextKey.current++}`;

  const add = (productId: number, quantity = 1) =>
    onChange(addProductToLines(lines, productId, newKey(), quantity));

  return (
    <Flex vertical gap={12} data-testid={testId}>
      <AddLineBar testId={`${testId}-add`} onAdd={add} />
      {lines.length === 0 ? (
        <Empty description={t('sales.entry.noLines')} />
      ) : (
        lines.map((line, index) => (
          <LineCard
            key={line.key}
            {...props}
            line={line}
            index={index}
            onChangeLine={(change) =>
              onChange(
                lines.map((candidate) =>
                  candidate.key === line.key ? { ...candidate, ...change } : candidate,
                ),
              )
            }
            onRemove={() => onChange(lines.filter((candidate) => candidate.key !== line.key))}
          />
        ))
      )}
    </Flex>
  );
}

/** A product picker and a scan field: a scanned UDI (or a typed GTIN) adds its product. */
function AddLineBar({ testId, onAdd }: { testId: string; onAdd: (productId: number) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const parse = useParseUdi();
  const scanRef = useRef<ScanInputHandle>(null);
  const [scanText, setScanText] = useState('');
  const [feedback, setFeedback] = useState<{ type: 'success' | 'error'; text: string } | null>(null);

  function remember(product: Product) {
    queryClient.setQueryData(productKeys.detail(product.id), product);
  }

  async function productOfCode(code: string): Promise<{ id: number; label: string } | null> {
    // A bare GTIN (typed from the box, or a linear barcode) is a product search, not a UDI.
    if (/^\d{8,14}$/.test(code.trim())) {
      const page = await apiGet<ProductPage>('/api/products', {
        query: { q: code.trim(), pageSize: 5, isActive: 'true' },
      });
      const found = page.items.find((product) => product.gtin?.endsWith(code.trim()));
      if (!found) return null;
      remember(found);
      return { id: found.id, label: productLabel(found, lang) };
    }
    const result = await parse.mutateAsync(code);
    return result.product ? { id: result.product.id, label: productLabel(result.product, lang) } : null;
  }

  async function scan(code: string) {
    if (!code.trim()) return;
    setFeedback(null);
    try {
      const product = await productOfCode(code);
      if (!product) {
        setFeedback({ type: 'error', text: t('sales.entry.scanNoProduct') });
        return;
      }
      onAdd(product.id);
      setFeedback({ type: 'success', text: t('sales.entry.scanAdded', { product: product.label }) });
    } catch (error) {
      setFeedback({ type: 'error', text: describeError(error, t) });
    } finally {
      scanRef.current?.focusForNextScan();
    }
  }

  return (
    <Card size="small">
      <Flex vertical gap={8}>
        <Flex gap={8} wrap>
          <ProductSelect
            testId={`${testId}-product`}
            placeholder={t('sales.entry.addProduct')}
            value={undefined}
            onProduct={(product) => {
              if (!product) return;
              remember(product);
              onAdd(product.id);
              setFeedback(null);
            }}
            style={{ flex: '1 1 280px', minWidth: 0, width: isMobile ? '100%' : undefined }}
          />
          <ScanInput
            ref={scanRef}
            testId={`${testId}-scan`}
            value={scanText}
            onChange={setScanText}
            onSubmit={(code) => void scan(code)}
            placeholder={t('sales.entry.scanPlaceholder')}
            style={{ flex: '1 1 280px', minWidth: 0 }}
          />
        </Flex>
        {feedback && (
          <Alert type={feedback.type} showIcon title={feedback.text} data-testid={`${testId}-feedback`} />
        )}
      </Flex>
    </Card>
  );
}

interface LineCardProps extends OrderLinesEditorProps {
  line: OrderLineDraft;
  index: number;
  onChangeLine: (change: Partial<OrderLineDraft>) => void;
  onRemove: () => void;
}

function LineCard({
  line,
  index,
  onChangeLine,
  onRemove,
  pricing,
  customer,
  currency,
  promisedDate,
  saleDate,
  canSetPrice,
  canSeeStock,
  canCheckCompliance,
  flaggedLines,
  showProblems,
  testId,
}: LineCardProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const product = pricing.products[index];
  const price = pricing.prices[index];
  const priceError = pricing.priceErrors[index];
  const amounts = pricing.amounts[index] ?? null;
  const problems: LineDraftProblem[] = showProblems ? lineDraftProblems(line) : [];
  const lineNo = index + 1;
  const isFlagged = flaggedLines.includes(lineNo);
  const isManual = line.manualPrice.trim() !== '';
  const money = (minor: number) => formatAmount(minor, currency, lang);
  const below =
    amounts && price
      ? isBelowFloor({
          currency,
          quantity: line.quantity,
          net: amounts.net,
          floorPriceFen: price.floorPriceFen,
        })
      : null;
  const id = `${testId}-line-${lineNo}`;

  const field = (label: string, control: ReactNode, width: number | string = 150) => (
    <Flex
      vertical
      gap={4}
      style={{ flex: `1 1 ${typeof width === 'number' ? `${width}px` : width}`, minWidth: 0 }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      {control}
    </Flex>
  );

  return (
    <Card
      size="small"
      data-testid={id}
      data-product-id={line.productId}
      style={isFlagged || problems.length > 0 ? { borderColor: '#ff4d4f' } : undefined}
      title={
        product ? (
          <Flex vertical style={{ padding: '6px 0', minWidth: 0 }}>
            <Typography.Text strong ellipsis>
              #{lineNo} {productLabel(product, lang)}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} ellipsis>
              {product.modelSpec} · {t(`common.deviceClasses.${product.deviceClass}`)} · GTIN{' '}
              {product.gtin ?? EMPTY_VALUE}
            </Typography.Text>
          </Flex>
        ) : (
          <Skeleton.Input active size="small" />
        )
      }
      extra={
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('sales.entry.removeLine')}
          title={t('sales.entry.removeLine')}
          data-testid={`${id}-remove`}
          onClick={onRemove}
        />
      }
    >
      <Flex vertical gap={12}>
        <Flex gap={12} wrap align="flex-start">
          {field(
            t('sales.fields.quantity'),
            <InputNumber<number>
              data-testid={`${id}-quantity`}
              min={1}
              max={1_000_000}
              precision={0}
              value={line.quantity}
              status={problems.includes('quantity') ? 'error' : undefined}
              onChange={(value) => onChangeLine({ quantity: value ?? 0 })}
              suffix={product?.unit}
              style={{ width: '100%' }}
            />,
            120,
          )}
          {field(
            t('sales.fields.resolvedPrice'),
            <Flex gap={6} align="center" wrap data-testid={`${id}-price`}>
              {price ? (
                <>
                  <Typography.Text delete={isManual} data-testid={`${id}-price-amount`}>
                    {money(price.unitPrice)}
                  </Typography.Text>
                  <PriceSourceTag source={isManual ? 'manual' : price.source} testId={`${id}-price-source`} />
                </>
              ) : priceError ? (
                <Typography.Text type="danger">{describeError(priceError, t)}</Typography.Text>
              ) : customer ? (
                <Skeleton.Input active size="small" />
              ) : (
                <Typography.Text type="secondary">{t('sales.entry.pickCustomerFirst')}</Typography.Text>
              )}
            </Flex>,
            200,
          )}
          {canSetPrice &&
            field(
              t('sales.fields.manualPrice', { currency }),
              <Input
                data-testid={`${id}-manual-price`}
                value={line.manualPrice}
                placeholder={t('sales.entry.manualPricePlaceholder')}
                status={problems.includes('manualPrice') ? 'error' : undefined}
                onChange={(event) => onChangeLine({ manualPrice: event.target.value })}
                allowClear
                inputMode="decimal"
              />,
              130,
            )}
          {canSetPrice &&
            field(
              t('sales.fields.discountPercent'),
              <Input
                data-testid={`${id}-discount`}
                value={line.discountPercent}
                placeholder="0"
                suffix="%"
                status={problems.includes('discount') ? 'error' : undefined}
                onChange={(event) => onChangeLine({ discountPercent: event.target.value })}
                inputMode="decimal"
              />,
              100,
            )}
        </Flex>
        {problems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            data-testid={`${id}-problems`}
            title={problems.map((problem) => t(`sales.entry.lineProblems.${problem}`)).join('；')}
          />
        )}
        <Flex gap={16} wrap align="center" data-testid={`${id}-amounts`}>
          <span>
            {t('sales.fields.net')}:{' '}
            <strong data-testid={`${id}-net`}>{amounts ? money(amounts.net) : EMPTY_VALUE}</strong>
          </span>
          <span>
            {t('sales.fields.vat')}
            {product ? ` (${formatPercent(product.vatRate, lang, 0)})` : ''}:{' '}
            <strong data-testid={`${id}-tax`}>{amounts ? money(amounts.tax) : EMPTY_VALUE}</strong>
          </span>
          <span>
            {t('sales.fields.gross')}:{' '}
            <strong data-testid={`${id}-gross`}>{amounts ? money(amounts.gross) : EMPTY_VALUE}</strong>
          </span>
          {below === true && (
            <Tooltip title={t('sales.entry.belowFloorHint')}>
              <Tag color="red" icon={<WarningFilled />} data-testid={`${id}-below-floor`}>
                {t('sales.entry.belowFloor')}
              </Tag>
            </Tooltip>
          )}
        </Flex>
        <Flex gap={8} wrap align="center">
          {canSeeStock ? (
            <LineStock
              testId={`${id}-stock`}
              productId={line.productId}
              quantity={line.quantity}
              promisedDate={promisedDate}
              customerMinimumDays={customer?.minShelfLifeDays ?? 0}
              unit={product?.unit ?? ''}
            />
          ) : (
            <Tag data-testid={`${id}-stock`}>{t('sales.entry.stockHidden')}</Tag>
          )}
          {canCheckCompliance && customer && (
            <LineCompliance
              testId={`${id}-compliance`}
              customerId={customer.id}
              productId={line.productId}
              date={saleDate}
            />
          )}
        </Flex>
      </Flex>
    </Card>
  );
}
