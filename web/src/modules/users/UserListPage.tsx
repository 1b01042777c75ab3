import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles as allRoles, type Role } from '../../../../contracts/auth.ts';
import type { User } from '../../../../contracts/users.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE } from '../../shared/format.ts';
import { PAGE_SIZES, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { regionName, useRegions } from '../regions/index.ts';
import { UserFormDrawer } from './UserFormDrawer.tsx';
import { useCustomerRecord, useUsers } from './users.api.ts';
import { filterUsers } from './users.rules.ts';

const FILTER_KEYS = ['role', 'isActive'] as const;
const MAX_REGION_TAGS = 3;

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; user: User };

function DistributorName({ id }: { id: number }) {
  const customer = useCustomerRecord(id);
  return <span>{customer.data?.name ?? `#${id}`}</span>;
}

export function UserListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const list = useListState(FILTER_KEYS);
  const users = useUsers();
  const regions = useRegions();
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });

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
    {
      key: 'isActive',
      title: t('users.fields.status'),
      dataIndex: 'isActive',
      width: 80,
      render: (isActive: boolean) =>
        isActive ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 70,
      fixed: isMobile ? undefined : 'right',
      render: (_value, user) => (
        <Button
          size="small"
          type="text"
          icon={<EditOutlined />}
          aria-label={t('common.edit')}
          title={t('common.edit')}
          data-testid={`user-edit-${user.username}`}
          onClick={() => setDrawer({ mode: 'edit', user })}
        />
      ),
    },
  ];

  const filterWidth = isMobile ? '100%' : 170;

  return (
    <Card
      title={t('users.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="user-new"
          aria-label={t('users.new')}
          onClick={() => setDrawer({ mode: 'create' })}
        >
          {isMobile ? null : t('users.new')}
        </Button>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
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
          <Select
            allowClear
            data-testid="users-filter-active"
            placeholder={t('users.filters.active')}
            value={list.filters.isActive}
            onChange={(isActive?: string) => list.update({ filters: { isActive } })}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: isMobile ? '100%' : 130 }}
          />
        </Flex>
        <ErrorAlert error={users.error} testId="users-error" />
        <Table<User>
          data-testid="users-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={shown}
          loading={users.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: shown.length,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
          }}
          onChange={(pagination, _filters, _sorter, extra) => {
            if (extra.action === 'paginate') {
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
            }
          }}
        />
      </Flex>
      {drawer.mode !== 'closed' && (
        <UserFormDrawer
          user={drawer.mode === 'edit' ? drawer.user : undefined}
          users={users.data ?? []}
          onClose={() => setDrawer({ mode: 'closed' })}
          onSaved={() => {
            void message.success(drawer.mode === 'create' ? t('common.created') : t('common.saved'));
            setDrawer({ mode: 'closed' });
          }}
        />
      )}
    </Card>
  );
}
