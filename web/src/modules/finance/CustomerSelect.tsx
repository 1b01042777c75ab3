import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useDeferredValue, useMemo, useState } from 'react';
import { customerKeys, fetchCustomer } from '../customers/customers.api.ts';
import { useCustomerSearch } from './finance.api.ts';

export interface CustomerSelectProps {
  value?: number;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
}

/** Customers in the user's scope, found by code, name or tax id as the user types. */
export function CustomerSelect({
  value,
  onChange,
  placeholder,
  testId,
  style,
  allowClear,
  disabled,
}: CustomerSelectProps) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const found = useCustomerSearch(deferred.trim());
  const chosen = useQuery({
    queryKey: customerKeys.detail(value ?? 0),
    queryFn: ({ signal }) => fetchCustomer(value ?? 0, signal),
    enabled: value !== undefined && !found.data?.some((customer) => customer.id === value),
    staleTime: 5 * 60_000,
  });
  const customers = useMemo(() => {
    const list = [...(found.data ?? [])];
    if (chosen.data && !list.some((customer) => customer.id === chosen.data.id)) list.unshift(chosen.data);
    return list;
  }, [found.data, chosen.data]);

  return (
    <Select<number>
      data-testid={testId}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      options={customers.map((customer) => ({
        value: customer.id,
        label: `${customer.code} · ${customer.name}`,
      }))}
      loading={found.isFetching}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
