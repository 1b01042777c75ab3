import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Flex, Form, Input, Select, Typography } from 'antd';
import type { DefaultOptionType } from 'antd/es/select';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../../contracts/teams.ts';
import { markFieldError } from '../../shared/formErrors.ts';
import { useDrawerSize, useLanguage } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { RegionTreeSelect, regionName, useRegions } from '../regions/index.ts';
import { type AssignableRep, fetchTeams, teamKeys, useCreateTeam, useUpdateTeam } from './teams.api.ts';
import { splitByRegion, type TeamFormValues, teamChanges, toTeamRequest } from './teams.rules.ts';

const FIELD_NAMES = ['name', 'regionId', 'leaderId', 'memberIds'] as const;

function toFormValues(team: Team | undefined): TeamFormValues {
  return {
    name: team?.name ?? '',
    regionId: team?.regionId,
    leaderId: team?.leaderId ?? undefined,
    memberIds: team?.memberIds ?? [],
  };
}

interface Person {
  id: number;
  displayName: string;
  username?: string;
  regionIds: readonly number[];
}

/**
 * Everyone who can be chosen: the assignable reps, plus the team's current leader and members
 * (who may no longer be assignable, e.g. moved to another role, but must still show by name).
 */
function peopleOf(reps: readonly AssignableRep[], team: Team | undefined): Person[] {
  const people = new Map<number, Person>(reps.map((rep) => [rep.id, rep]));
  const current = [
    ...(team?.members ?? []),
    ...(team?.leaderId && team.leaderName ? [{ id: team.leaderId, displayName: team.leaderName }] : []),
  ];
  for (const person of current) {
    if (!people.has(person.id)) people.set(person.id, { ...person, regionIds: [] });
  }
  return [...people.values()];
}

export interface TeamFormDrawerProps {
  team?: Team;
  reps: readonly AssignableRep[];
  /** The reps could not be loaded: only the current people can be kept or removed. */
  repsUnavailable: boolean;
  onClose: () => void;
  onSaved: (team: Team) => void;
}

export function TeamFormDrawer({ team, reps, repsUnavailable, onClose, onSaved }: TeamFormDrawerProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TeamFormValues>();
  const drawerSize = useDrawerSize(560);
  const regions = useRegions();
  const [base, setBase] = useState<Team | undefined>(team);
  const [isReloading, setReloading] = useState(false);
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const mutation = base ? update : create;
  const [initialValues] = useState(() => toFormValues(team));
  const regionId = Form.useWatch('regionId', form);

  const regionNames = useMemo(
    () => new Map((regions.data ?? []).map((region) => [region.id, regionName(region, lang)])),
    [regions.data, lang],
  );

  // Reps of the team's region (and the regions above and below it) first, the others after.
  const options = useMemo((): DefaultOptionType[] => {
    const { near, other } = splitByRegion(peopleOf(reps, base), regionId, regions.data ?? []);
    const toOption = (person: Person): DefaultOptionType => {
      const where = person.regionIds
        .map((id) => regionNames.get(id))
        .filter(Boolean)
        .join('、');
      return {
        value: person.id,
        label: person.username ? `${person.displayName} (${person.username})` : person.displayName,
        title: where,
      };
    };
    if (near.length === 0) return other.map(toOption);
    return [
      { key: 'near', label: t('teams.groups.inRegion'), options: near.map(toOption) },
      ...(other.length > 0
        ? [{ key: 'other', label: t('teams.groups.otherRegions'), options: other.map(toOption) }]
        : []),
    ];
  }, [reps, base, regionId, regions.data, regionNames, t]);

  async function submit(values: TeamFormValues) {
    const request = toTeamRequest(values);
    try {
      const saved = base
        ? await update.mutateAsync({ id: base.id, changes: teamChanges(base, request) })
        : await create.mutateAsync(request);
      onSaved(saved);
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  async function reload() {
    if (!base) return;
    setReloading(true);
    try {
      const teams = await queryClient.fetchQuery({
        queryKey: teamKeys.list,
        queryFn: ({ signal }) => fetchTeams(signal),
        staleTime: 0,
      });
      const latest = teams.find((candidate) => candidate.id === base.id);
      if (!latest) {
        // Deleted meanwhile: nothing left to edit.
        onClose();
        return;
      }
      setBase(latest);
      form.resetFields();
      form.setFieldsValue(toFormValues(latest));
      update.reset();
    } catch (error) {
      update.reset();
      markFieldError(form, error, FIELD_NAMES);
    } finally {
      setReloading(false);
    }
  }

  const renderOption = (option: { label?: unknown; data: { title?: string } }) => (
    <Flex justify="space-between" gap={8}>
      <span>{String(option.label ?? '')}</span>
      {option.data.title && (
        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 200 }}>
          {option.data.title}
        </Typography.Text>
      )}
    </Flex>
  );

  return (
    <Drawer
      open
      size={drawerSize}
      title={base ? t('teams.editTitle', { name: base.name }) : t('teams.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="team-save"
            loading={mutation.isPending}
            disabled={isReloading}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <SaveErrorAlert
        error={mutation.error}
        onReload={() => void reload()}
        isReloading={isReloading}
        testId="team-error"
        style={{ marginBottom: 16 }}
      />
      {repsUnavailable && (
        <Alert
          type="warning"
          showIcon
          title={t('teams.hints.repsUnavailable')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<TeamFormValues>
        form={form}
        layout="vertical"
        data-testid="team-form"
        initialValues={initialValues}
        scrollToFirstError
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="name"
          label={t('teams.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('teams.validation.nameRequired') },
            { max: 100, message: t('common.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="team-name" autoFocus={!base} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="regionId"
          label={t('teams.fields.region')}
          tooltip={t('teams.hints.region')}
          rules={[{ required: true, message: t('teams.validation.regionRequired') }]}
        >
          <RegionTreeSelect testId="team-region" limitToScope />
        </Form.Item>
        <Form.Item name="leaderId" label={t('teams.fields.leader')}>
          <Select<number>
            data-testid="team-leader"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('teams.hints.leaderPlaceholder')}
            options={options}
            optionRender={renderOption}
          />
        </Form.Item>
        <Form.Item name="memberIds" label={t('teams.fields.members')} extra={t('teams.hints.members')}>
          <Select<number[]>
            data-testid="team-members"
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('teams.hints.membersPlaceholder')}
            options={options}
            optionRender={renderOption}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
