import { Flex, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { dataQualityEntities } from '../../../../contracts/dataquality.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { PAGE_SIZES } from '../../shared/list.ts';
import { useIsMobile } from '../../shared/responsive.ts';
import { type EntitySummary, useDataQualityIssues } from './dataquality.api.ts';
import {
  type DataQualityIssue,
  type Entity,
  fixLinkOf,
  isEntity,
  isKnownRule,
  rulesByEntity,
  rulesOf,
} from './dataquality.rules.ts';
import { IssueDetail } from './IssueDetail.tsx';

export const entityColours: Record<Entity, string> = {
  customer: 'blue',
  qualification: 'purple',
  product: 'cyan',
  supplier: 'geekblue',
};

export interface IssueListState {
  page: number;
  pageSize: number;
  filters: { entity: string | undefined; rule: string | undefined };
  update: (change: {
    page?: number;
    pageSize?: number;
    filters?: Partial<Record<'entity' | 'rule', string | undefined>>;
  }) => void;
}

export function IssuesTab({ list, summary }: { list: IssueListState; summary: EntitySummary[] | undefined }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const entity = isEntity(list.filters.entity) ? list.filters.entity : undefined;
  const issues = useDataQualityIssues({
    entity,
    rule: list.filters.rule,
    page: list.page,
    pageSize: list.pageSize,
  });

  const ruleLabel = (rule: string) => (isKnownRule(rule) ? t(`dataQuality.rules.${rule}`) : rule);
  // How many findings each rule has now, for the rule picker.
  const countOf = (rule: string) =>
    (summary ?? []).reduce((total, entry) => total + (entry.issuesByRule[rule] ?? 0), 0);

  const columns: ColumnsType<DataQualityIssue> = [
    {
      key: 'severity',
      title: t('dataQuality.fields.severity'),
      dataIndex: 'severity',
      width: 80,
      render: (severity: DataQualityIssue['severity']) => (
        <Tag color={severity === 'error' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
          {t(`dataQuality.severities.${severity}`)}
        </Tag>
      ),
    },
    {
      key: 'entity',
      title: t('dataQuality.fields.entity'),
      dataIndex: 'entity',
      width: 100,
      render: (value: Entity) => (
        <Tag color={entityColours[value]} style={{ marginInlineEnd: 0 }}>
          {t(`dataQuality.entities.${value}`)}
        </Tag>
      ),
    },
    {
      key: 'record',
      title: t('dataQuality.fields.record'),
      dataIndex: 'entityName',
      width: 280,
      render: (name: string, issue) => {
        const link = fixLinkOf(issue);
        if (!user.permissions.includes(link.permission)) return name;
        return (
          <Link to={link.to} data-testid={`dq-fix-${issue.id}`} title={t('dataQuality.openRecord')}>
            {name}
          </Link>
        );
      },
    },
    {
      key: 'rule',
      title: t('dataQuality.fields.rule'),
      dataIndex: 'rule',
      width: 260,
      render: (rule: string) => <span title={rule}>{ruleLabel(rule)}</span>,
    },
    {
      key: 'detail',
      title: t('dataQuality.fields.detail'),
      width: 300,
      render: (_value, issue) => <IssueDetail issue={issue} />,
    },
  ];

  const ruleOptions = rulesOf(entity).map((rule) => {
    const count = countOf(rule);
    return {
      value: rule,
      label: (
        <Flex justify="space-between" gap={8}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{ruleLabel(rule)}</span>
          {count > 0 && <Typography.Text type="secondary">{count}</Typography.Text>}
        </Flex>
      ),
      title: ruleLabel(rule),
    };
  });

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap>
        <Select
          allowClear
          data-testid="dq-filter-entity"
          placeholder={t('dataQuality.filters.entity')}
          value={entity}
          onChange={(next?: Entity) => {
            const rule = list.filters.rule;
            // A rule of another entity would leave the list empty.
            const keepsRule = !next || !rule || (rulesByEntity[next] as readonly string[]).includes(rule);
            list.update({ filters: { entity: next, rule: keepsRule ? rule : undefined } });
          }}
          options={dataQualityEntities.map((value) => ({
            value,
            label: t(`dataQuality.entities.${value}`),
          }))}
          style={{ width: isMobile ? '100%' : 160 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'title' }}
          data-testid="dq-filter-rule"
          placeholder={t('dataQuality.filters.rule')}
          value={list.filters.rule}
          onChange={(rule?: string) => list.update({ filters: { rule } })}
          options={ruleOptions}
          popupMatchSelectWidth={false}
          style={{ width: isMobile ? '100%' : 320 }}
        />
      </Flex>
      <ErrorAlert error={issues.error} testId="dq-issues-error" />
      <Table<DataQualityIssue>
        data-testid="dq-issues-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        columns={columns}
        dataSource={issues.data?.items ?? []}
        loading={issues.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dataQuality.noIssues') }}
        pagination={{
          current: list.page,
          pageSize: list.pageSize,
          total: issues.data?.total ?? 0,
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
  );
}
