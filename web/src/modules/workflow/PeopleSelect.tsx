import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeople } from './workflow.api.ts';

export interface PeopleSelectProps {
  value?: number;
  onChange?: (value: number) => void;
  testId?: string;
  placeholder?: string;
}

/** Picks an active colleague by name (delegate, signer, assignee). */
export function PeopleSelect({ value, onChange, testId, placeholder }: PeopleSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const people = usePeople(search);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      loading={people.isFetching}
      data-testid={testId}
      style={{ width: '100%' }}
      options={(people.data ?? []).map((p) => ({
        value: p.id,
        label: `${p.displayName}（${p.roles.map((r) => t(`roles.${r}` as 'roles.admin', { defaultValue: r })).join('、')}）`,
      }))}
    />
  );
}
