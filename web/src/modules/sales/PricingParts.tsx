import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { salesContractStatuses } from '../../../../contracts/sales-contracts.ts';
import { COMPANY_CURRENCY, formatAmount } from '../../shared/currency.ts';
import { businessToday, EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { parseYuanToFen } from '../../shared/money.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { ProductSelect } from '../inventory/pickers.tsx';
import { fetchProduct, productKeys } from '../products/products.api.ts';
import {
  type PriceLineDraft,
  type PriceLineProblem,
  priceLineProblems,
  validityState,
} from './pricing.rules.ts';

const validityColours = { upcoming: 'blue', current: 'green', expired: 'default' } as const;

export function ValidityTag({ validFrom, validUntil }: { validFrom: string; validUntil: string | null }) {
  const { t } = useTranslation();
  const state = validityState(validFrom, validUntil, businessToday());
  return (
    <Tag color={validityColours[state]} style={{ marginInlineEnd: 0 }} data-validity={state}>
      {t(`sales.validity.${state}`)}
    </Tag>
  );
}

/** 2026-01-01 – 2026-12-31, or 2026-01-01 – open-ended. */
export function ValidityRange({ validFrom, validUntil }: { validFrom: string; validUntil: string | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <span>
      {formatDate(validFrom, lang)} –{' '}
      {validUntil ? formatDate(validUntil, lang) : t('sales.validity.openEnded')}
    </span>
  );
}

type ContractStatus = (typeof salesContractStatuses)[number];

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'green' : 'red'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`sales.contracts.statuses.${status}`)}
    </Tag>
  );
}

/** The product's floor price (CNY), read from the product; only rendered for those who may see it. */
function useFloorPrice(productId: number | undefined) {
  return useQuery({
    queryKey: productKeys.detail(productId ?? 0),
    queryFn: ({ signal }) => fetchProduct(productId ?? 0, signal),
    enabled: productId !== undefined,
    staleTime: 5 * 60_000,
    select: (product) => product.floorPriceFen,
  });
}

export function FloorPriceCell({
  productId,
  unitPrice,
  currency,
}: {
  productId: number | undefined;
  unitPrice: number | null;
  currency: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const floor = useFloorPrice(productId);
  if (floor.data === undefined || floor.data === null) return <>{EMPTY_VALUE}</>;
  // The floor is in CNY; a price in another currency cannot be compared without a rate.
  const isBelow = currency === COMPANY_CURRENCY && unitPrice !== null && unitPrice < floor.data;
  return (
    <Flex gap={4} align="center" wrap>
      <span>{formatAmount(floor.data, COMPANY_CURRENCY, lang)}</span>
      {isBelow && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('sales.priceLines.belowFloor')}
        </Tag>
      )}
    </Flex>
  );
}

let nextLineKey = 0;
export function newLineKey(): string {
  nextLineKey += 1;
  return `line-${nextLineKey}`;
}

export interface PriceLinesEditorProps {
  lines: PriceLineDraft[];
  onChange: (lines: PriceLineDraft[]) => void;
  currency: string;
  showProblems: boolean;
  canSeeFloor: boolean;
  /** The server's message about the lines, shown under the table. */
  serverError?: string;
  testId: string;
}

/** Products and their unit prices, typed in yuan (or the list's currency), checked as they are typed. */
export function PriceLinesEditor({
  lines,
  onChange,
  currency,
  showProblems,
  canSeeFloor,
  serverError,
  testId,
}: PriceLinesEditorProps) {
  const { t } = useTranslation();
  const problems = priceLineProblems(lines);
  const problemOf = (line: PriceLineDraft, problem: PriceLineProblem) =>
    showProblems && (problems.get(line.key) ?? []).includes(problem);
  const change = (key: string, patch: Partial<PriceLineDraft>) =>
    onChange(lines.map((line) => (line.key === key ? { ...line, ...patch } : line)));

  const columns: ColumnsType<PriceLineDraft> = [
    {
      key: 'product',
      title: t('sales.priceLines.product'),
      width: 320,
      render: (_value, line, index) => (
        <Flex vertical gap={2}>
          <ProductSelect
            testId={`${testId}-product-${index}`}
            value={line.productId}
            onChange={(productId) => change(line.key, { productId })}
            placeholder={t('sales.priceLines.product')}
            status={problemOf(line, 'product') || problemOf(line, 'duplicate') ? 'error' : undefined}
            style={{ width: '100%', minWidth: 240 }}
          />
          {problemOf(line, 'product') && (
            <Typography.Text type="danger">{t('sales.priceLines.problems.product')}</Typography.Text>
          )}
          {problemOf(line, 'duplicate') && (
            <Typography.Text type="danger">{t('sales.priceLines.problems.duplicate')}</Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'price',
      title: t('sales.priceLines.unitPriceInput', { currency }),
      width: 180,
      render: (_value, line, index) => (
        <Flex vertical gap={2}>
          <Input
            data-testid={`${testId}-price-${index}`}
            value={line.price}
            inputMode="decimal"
            onChange={(event) => change(line.key, { price: event.target.value })}
            status={problemOf(line, 'price') ? 'error' : undefined}
            style={{ textAlign: 'right' }}
          />
          {problemOf(line, 'price') && (
            <Typography.Text type="danger">{t('sales.priceLines.problems.price')}</Typography.Text>
          )}
        </Flex>
      ),
    },
    ...(canSeeFloor
      ? [
          {
            key: 'floor',
            title: t('sales.priceLines.floorPrice'),
            width: 160,
            render: (_value: unknown, line: PriceLineDraft) => (
              <FloorPriceCell
                productId={line.productId}
                unitPrice={parseYuanToFen(line.price)}
                currency={currency}
              />
            ),
          },
        ]
      : []),
    {
      key: 'remove',
      width: 56,
      render: (_value, line, index) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          data-testid={`${testId}-remove-${index}`}
          aria-label={t('sales.priceLines.remove')}
          onClick={() => onChange(lines.filter((other) => other.key !== line.key))}
        />
      ),
    },
  ];

  return (
    <Flex vertical gap={8} data-testid={testId}>
      <Table<PriceLineDraft>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={lines}
        scroll={{ x: 'max-content' }}
        pagination={lines.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.priceLines.empty')} />,
        }}
      />
      {serverError && <Typography.Text type="danger">{serverError}</Typography.Text>}
      <div>
        <Button
          icon={<PlusOutlined />}
          data-testid={`${testId}-add`}
          onClick={() => onChange([...lines, { key: newLineKey(), productId: undefined, price: '' }])}
        >
          {t('sales.priceLines.add')}
        </Button>
      </div>
    </Flex>
  );
}
