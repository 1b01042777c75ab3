import { Select } from 'antd';
import type { CSSProperties } from 'react';
import { useSupplierOptions } from './purchasing.api.ts';

export interface SupplierSelectProps {
  value?: number;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
  allowClear?: boolean;
}

/** Active suppliers by code and name (suppliers and manufacturers that sell to us). */
export function SupplierSelect({
  value,
  onChange,
  placeholder,
  testId,
  style,
  allowClear,
}: SupplierSelectProps) {
  const suppliers = useSupplierOptions();
  return (
    <Select<number>
      data-testid={testId}
      value={value}
      onChange={(next) => onChange?.(next ?? undefined)}
      options={(suppliers.data ?? []).map((supplier) => ({
        value: supplier.id,
        label: `${supplier.code} · ${supplier.name}`,
      }))}
      loading={suppliers.isLoading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      style={style}
    />
  );
}
