import { Flex, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { roles as allRoles, type Role } from '../../../../contracts/auth.ts';
import type { User } from '../../../../contracts/users.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ActiveFilter, activeColumn } from '../../shared/ActiveStatus.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE } from '../../shared/format.ts';
import { ListPageCard, NewButton } from '../../shared/ListPageCard.tsx';
import { ListTable } from '../../shared/ListTable.tsx';
import { useListState } from '../../shared/list.ts';
import { actionsColumn, EditButton } from '../../shared/RowActions.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useRecordDrawer } from '../../shared/useRecordDrawer.ts';
import { regionName, useRegions } from '../regions/index.ts';
import { UserFormDrawer } from './UserFormDrawer.tsx';
import { useCustomerRecord, useUsers } from './users.api.ts';
import { filterUsers } from './users.rules.ts';

const FILTER_KEYS = ['role', 'isActive'] as const;
const MAX_REGION_TAGS = 3;

function DistributorName({ id }: { id: number }) {
  const customer = useCustomerRecord(id);
  return <span>{customer.data?.name ?? `#${id}`}</span>;
}

export function UserListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const me = useCurrentUser();
  const list = useListState(FILTER_KEYS);
  const users = useUsers();
  const regions = useRegions();
  const drawer = useRecordDrawer<User>();

  const names = useMemo(
    () => new Map((regions.data ?? []).map((region) => [region.id, regionName(region, lang)])),
    [regions.data, lang],
  );
  const shown = useMemo(
    () => filterUsers(users.data ?? [], { q: list.q, ...list.filters }),
    [users.data, list.q, list.filters],
  );

  const columns: ColumnsType<User> = [
    {
      key: 'username',
      title: t('users.fields.username'),
      dataIndex: 'username',
      width: 150,
      fixed: isMobile ? undefined : 'left',
      render: (username: string, user) => (
        <span data-testid={`user-row-${user.username}`}>
          {username}
          {user.id === me.id && <Typography.Text type="secondary">{t('users.you')}</Typography.Text>}
        </span>
      ),
    },
    { key: 'displayName', title: t('users.fields.displayName'), dataIndex: 'displayName', width: 140 },
    {
      key: 'roles',
      title: t('users.fields.roles'),
      dataIndex: 'roles',
      width: 220,
      render: (roles: Role[]) => (
        <Flex gap={4} wrap>
          {roles.map((role) => (
            <Tag key={role} color={role === 'admin' ? 'red' : role === 'distributor' ? 'gold' : 'blue'}>
              {t(`roles.${role}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'regions',
      title: t('users.fields.regions'),
      width: 220,
      render: (_value, user) => {
        if (user.distributorId !== null) return <DistributorName id={user.distributorId} />;
        if (user.regionIds.length === 0) return EMPTY_VALUE;
        const shownIds = user.regionIds.slice(0, MAX_REGION_TAGS);
        const rest = user.regionIds.length - shownIds.length;
        return (
          <Flex gap={4} wrap>
            {shownIds.map((id) => (
              <Tag key={id}>{names.get(id) ?? `#${id}`}</Tag>
            ))}
            {rest > 0 && (
              <Tag
                title={user.regionIds
                  .slice(MAX_REGION_TAGS)
                  .map((id) => names.get(id) ?? `#${id}`)
                  .join('、')}
              >
                +{rest}
              </Tag>
            )}
          </Flex>
        );
      },
    },
    {
      key: 'contact',
      title: t('users.fields.contact'),
      width: 180,
      render: (_value, user) => [user.email, user.phone].filter(Boolean).join(' · ') || EMPTY_VALUE,
    },
    activeColumn(t('users.fields.status')),
    actionsColumn(
      t('common.actions'),
      isMobile,
      (user) => <EditButton testId={`user-edit-${user.username}`} onClick={() => drawer.openEdit(user)} />,
      70,
    ),
  ];

  const filterWidth = isMobile ? '100%' : 170;

  return (
    <ListPageCard
      title={t('users.title')}
      actions={<NewButton label={t('users.new')} testId="user-new" onClick={drawer.openCreate} />}
    >
      <Flex gap={8} wrap>
        <SearchInput
          testId="users-search"
          value={list.q}
          placeholder={t('users.searchPlaceholder')}
          onSearch={(q) => list.update({ q })}
          delayMs={150}
          style={{ width: isMobile ? '100%' : 240 }}
        />
        <Select
          allowClear
          data-testid="users-filter-role"
          placeholder={t('users.filters.role')}
          value={list.filters.role}
          onChange={(role?: string) => list.update({ filters: { role } })}
          options={allRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          style={{ width: filterWidth }}
        />
        <ActiveFilter
          testId="users-filter-active"
          placeholder={t('users.filters.active')}
          value={list.filters.isActive}
          onChange={(isActive) => list.update({ filters: { isActive } })}
          style={{ width: isMobile ? '100%' : 130 }}
        />
      </Flex>
      <ErrorAlert error={users.error} testId="users-error" />
      <ListTable<User>
        testId="users-table"
        columns={columns}
        rows={shown}
        total={shown.length}
        loading={users.isFetching}
        list={list}
      />
      {drawer.isOpen && (
        <UserFormDrawer
          user={drawer.record}
          users={users.data ?? []}
          onClose={drawer.close}
          onSaved={drawer.closeSaved}
        />
      )}
    </ListPageCard>
  );
}
