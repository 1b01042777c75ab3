import { Select, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

/** 启用 (green) or 停用 (grey): whether a master-data record may still be used. */
export function ActiveTag({ isActive }: { isActive: boolean }) {
  const { t } = useTranslation();
  return isActive ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}

/** A list's status column for records with `isActive`. */
export function activeColumn<T extends { isActive: boolean }>(title: string): ColumnType<T> {
  return {
    key: 'isActive',
    title,
    dataIndex: 'isActive',
    width: 80,
    render: (isActive: boolean) => <ActiveTag isActive={isActive} />,
  };
}

export interface ActiveFilterProps {
  /** The list filter's value: 'true', 'false' or none. */
  value: string | undefined;
  onChange: (isActive: string | undefined) => void;
  placeholder: string;
  testId: string;
  style?: CSSProperties;
}

/** Filters a list to its active or its inactive records. */
export function ActiveFilter({ value, onChange, placeholder, testId, style }: ActiveFilterProps) {
  const { t } = useTranslation();
  return (
    <Select
      allowClear
      data-testid={testId}
      placeholder={placeholder}
      value={value}
      onChange={(isActive?: string) => onChange(isActive)}
      options={[
        { value: 'true', label: t('common.active') },
        { value: 'false', label: t('common.inactive') },
      ]}
      style={style}
    />
  );
}
