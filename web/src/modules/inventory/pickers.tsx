import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../../contracts/catalog.ts';
import type { Lot, StockBalance } from '../../../../contracts/inventory.ts';
import { formatDate } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { fetchProduct, productKeys } from '../products/products.api.ts';
import { useLotList, useProductSearch, useStockList, useWarehouseOptions } from './inventory.api.ts';

interface PickerProps {
  value?: number;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
  status?: 'error' | 'warning';
}

/** Active warehouses by code and name. */
export function WarehouseSelect({
  value,
  onChange,
  placeholder,
  testId,
  style,
  allowClear,
  disabled,
  status,
  exclude,
}: PickerProps & { exclude?: number }) {
  const warehouses = useWarehouseOptions();
  const options = (warehouses.data ?? [])
    .filter((warehouse) => warehouse.id !== exclude)
    .map((warehouse) => ({ value: warehouse.id, label: `${warehouse.code} · ${warehouse.name}` }));
  return (
    <Select<number>
      data-testid={testId}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={options}
      loading={warehouses.isLoading}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      status={status}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}

export function productLabel(product: Pick<Product, 'sku' | 'nameZh' | 'nameEn'>, lang: string): string {
  return `${product.sku} · ${lang === 'en' ? product.nameEn : product.nameZh}`;
}

/** Products found by SKU, name, model or GTIN as the user types. */
export function ProductSelect({
  value,
  onChange,
  placeholder,
  testId,
  style,
  allowClear,
  disabled,
  status,
  onProduct,
}: PickerProps & { onProduct?: (product: Product | undefined) => void }) {
  const lang = useLanguage();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const found = useProductSearch(deferred.trim());
  // The chosen product stays labelled even when the current search no longer lists it.
  const chosen = useQuery({
    queryKey: productKeys.detail(value ?? 0),
    queryFn: ({ signal }) => fetchProduct(value ?? 0, signal),
    enabled: value !== undefined && !found.data?.some((product) => product.id === value),
    staleTime: 5 * 60_000,
  });
  const products = useMemo(() => {
    const list = [...(found.data ?? [])];
    if (chosen.data && !list.some((product) => product.id === chosen.data.id)) list.unshift(chosen.data);
    return list;
  }, [found.data, chosen.data]);

  return (
    <Select<number>
      data-testid={testId}
      value={value}
      onChange={(next) => {
        onChange?.(next ?? undefined);
        onProduct?.(products.find((product) => product.id === next));
      }}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      options={products.map((product) => ({
        value: product.id,
        label: productLabel(product, lang),
        title: `${productLabel(product, lang)} · ${product.modelSpec}`,
      }))}
      loading={found.isFetching}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      status={status}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}

export function lotLabel(lot: Pick<Lot, 'lotNumber' | 'sku' | 'expiryDate'>, lang: 'zh-CN' | 'en'): string {
  return `${lot.lotNumber} · ${lot.sku} · ${formatDate(lot.expiryDate, lang)}`;
}

/** Lots found by lot number, SKU or product name, optionally of one product. */
export function LotSelect({
  value,
  onChange,
  placeholder,
  testId,
  style,
  allowClear,
  disabled,
  status,
  productId,
  onLot,
}: PickerProps & { productId?: number; onLot?: (lot: Lot | undefined) => void }) {
  const lang = useLanguage();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const found = useLotList({ q: deferred.trim() || undefined, productId, pageSize: 30, sort: 'lotNumber' });
  const [known, setKnown] = useState<Lot | undefined>(undefined);
  const lots = useMemo(() => {
    const list = [...(found.data?.items ?? [])];
    if (known && known.id === value && !list.some((lot) => lot.id === known.id)) list.unshift(known);
    return list;
  }, [found.data, known, value]);

  return (
    <Select<number>
      data-testid={testId}
      value={value}
      onChange={(next) => {
        const lot = lots.find((candidate) => candidate.id === next);
        setKnown(lot);
        onChange?.(next ?? undefined);
        onLot?.(lot);
      }}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      options={lots.map((lot) => ({ value: lot.id, label: lotLabel(lot, lang) }))}
      loading={found.isFetching}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      status={status}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}

export function stockRowKey(row: Pick<StockBalance, 'lotId' | 'serial'>): string {
  return `${row.lotId}|${row.serial}`;
}

/** What is available in one warehouse, by lot (and serial), e.g. for the lines of a transfer. */
export function StockRowSelect({
  warehouseId,
  value,
  onChange,
  placeholder,
  testId,
  style,
  status,
}: {
  warehouseId: number | undefined;
  value?: string;
  onChange?: (key: string | undefined, row: StockBalance | undefined) => void;
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
  status?: 'error' | 'warning';
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const found = useStockList(
    { warehouseId, q: deferred.trim() || undefined, pageSize: 50, sort: 'expiryDate' },
    warehouseId !== undefined,
  );
  const [known, setKnown] = useState<StockBalance | undefined>(undefined);
  const rows = useMemo(() => {
    const list = (found.data?.items ?? []).filter((row) => row.available > 0);
    if (known && stockRowKey(known) === value && !list.some((row) => stockRowKey(row) === value)) {
      list.unshift(known);
    }
    return list;
  }, [found.data, known, value]);

  return (
    <Select<string>
      data-testid={testId}
      value={value}
      disabled={warehouseId === undefined}
      onChange={(key) => {
        const row = rows.find((candidate) => stockRowKey(candidate) === key);
        setKnown(row);
        onChange?.(key ?? undefined, row);
      }}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      options={rows.map((row) => ({
        value: stockRowKey(row),
        label: [
          row.sku,
          row.lotNumber,
          row.serial || null,
          formatDate(row.expiryDate, lang),
          t('inventory.fields.availableCount', { count: row.available }),
        ]
          .filter(Boolean)
          .join(' · '),
      }))}
      loading={found.isFetching}
      placeholder={placeholder}
      popupMatchSelectWidth={false}
      style={style}
      status={status}
    />
  );
}
