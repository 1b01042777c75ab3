import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../contracts/teams.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { RegionTreeSelect, regionName, useRegions } from '../regions/index.ts';
import { TeamFormDrawer } from './TeamFormDrawer.tsx';
import { useAssignableReps, useDeleteTeam, useTeams } from './teams.api.ts';
import { filterTeams, regionWithDescendants } from './teams.rules.ts';

type DrawerState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; team: Team };

/** /teams: the sales teams of the user's regions, each with its region, leader and members. */
export function TeamsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('regions:write');
  const teams = useTeams();
  const regions = useRegions();
  // The list of assignable people needs customers:write; without it, members can only be kept or removed.
  const canListReps = canWrite && user.permissions.includes('customers:write');
  const reps = useAssignableReps(canListReps);
  const deleteTeam = useDeleteTeam();
  const [search, setSearch] = useState('');
  const [regionFilter, setRegionFilter] = useState<number | undefined>(undefined);
  const [drawer, setDrawer] = useState<DrawerState>({ mode: 'closed' });

  const regionNames = useMemo(
    () => new Map((regions.data ?? []).map((region) => [region.id, regionName(region, lang)])),
    [regions.data, lang],
  );
  const visible = useMemo(
    () =>
      filterTeams(teams.data ?? [], {
        term: search,
        regionIds:
          regionFilter === undefined ? undefined : regionWithDescendants(regionFilter, regions.data ?? []),
      }),
    [teams.data, search, regionFilter, regions.data],
  );

  async function remove(team: Team) {
    try {
      await deleteTeam.mutateAsync(team.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const columns: ColumnsType<Team> = [
    {
      key: 'name',
      title: t('teams.fields.name'),
      dataIndex: 'name',
      width: 180,
      fixed: isMobile ? undefined : 'left',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    },
    {
      key: 'region',
      title: t('teams.fields.region'),
      dataIndex: 'regionId',
      width: 120,
      render: (regionId: number) => regionNames.get(regionId) ?? EMPTY_VALUE,
      sorter: (a, b) =>
        (regionNames.get(a.regionId) ?? '').localeCompare(regionNames.get(b.regionId) ?? '', 'zh-CN'),
    },
    {
      key: 'leader',
      title: t('teams.fields.leader'),
      dataIndex: 'leaderName',
      width: 120,
      render: (leaderName: string | null) =>
        leaderName ?? <Typography.Text type="secondary">{t('teams.noLeader')}</Typography.Text>,
    },
    {
      key: 'members',
      title: t('teams.fields.members'),
      render: (_value, team) =>
        team.members.length === 0 ? (
          <Typography.Text type="secondary">{t('teams.noMembers')}</Typography.Text>
        ) : (
          <Flex gap={4} wrap align="center" data-testid={`team-members-${team.id}`}>
            {team.members.map((member) => (
              <Tag key={member.id} style={{ marginInlineEnd: 0 }}>
                {member.displayName}
              </Tag>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('teams.memberCount', { count: team.members.length })}
            </Typography.Text>
          </Flex>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      fixed: isMobile ? undefined : 'right',
      render: (_value, team) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`team-edit-${team.id}`}
            onClick={() => setDrawer({ mode: 'edit', team })}
          />
          <Popconfirm
            title={t('teams.deleteConfirm', { name: team.name })}
            description={t('teams.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(team)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`team-delete-${team.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  const isFiltered = search.trim() !== '' || regionFilter !== undefined;

  return (
    <Card
      title={t('teams.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="team-new"
            aria-label={t('teams.new')}
            onClick={() => setDrawer({ mode: 'create' })}
          >
            {isMobile ? null : t('teams.new')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        {!canWrite && <Alert type="info" showIcon title={t('teams.readOnly')} />}
        <Flex gap={8} wrap>
          <SearchInput
            testId="teams-search"
            value={search}
            placeholder={t('teams.searchPlaceholder')}
            onSearch={setSearch}
            delayMs={150}
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <RegionTreeSelect
            allowClear
            testId="teams-filter-region"
            placeholder={t('teams.filters.region')}
            value={regionFilter}
            onChange={setRegionFilter}
            style={{ width: isMobile ? '100%' : 180 }}
          />
        </Flex>
        <ErrorAlert error={teams.error} testId="teams-error" />
        <Table<Team>
          data-testid="teams-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={visible}
          loading={teams.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty description={isFiltered ? t('teams.noMatch') : t('teams.empty')} />,
          }}
          pagination={{
            pageSize: 20,
            hideOnSinglePage: true,
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
          }}
        />
      </Flex>
      {drawer.mode !== 'closed' && (
        <TeamFormDrawer
          key={drawer.mode === 'edit' ? `edit-${drawer.team.id}` : 'create'}
          team={drawer.mode === 'edit' ? drawer.team : undefined}
          reps={reps.data ?? []}
          repsUnavailable={!canListReps || reps.isError}
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
