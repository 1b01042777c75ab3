import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime } from '../../shared/format.ts';
import { PAGE_SIZES, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { AuditDiff } from './AuditDiff.tsx';
import {
  type AuditEntry,
  startOfBusinessDay,
  startOfNextBusinessDay,
  useAuditEntries,
  useVerifyAuditChain,
} from './audit.api.ts';
import { actionColours, auditActions, auditEntities, isAuditAction, isAuditEntity } from './audit.labels.ts';

const FILTER_KEYS = ['entity', 'entityId', 'actor', 'action', 'from', 'to'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const hasDetails = (entry: AuditEntry) =>
  (entry.before !== null && entry.before !== undefined) ||
  (entry.after !== null && entry.after !== undefined) ||
  Boolean(entry.reason);

export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const list = useListState(FILTER_KEYS);
  const verify = useVerifyAuditChain();
  const { from, to } = list.filters;
  const entries = useAuditEntries({
    entity: list.filters.entity,
    entityId: list.filters.entityId,
    actor: list.filters.actor,
    action: list.filters.action,
    from: from && DATE.test(from) ? startOfBusinessDay(from) : undefined,
    to: to && DATE.test(to) ? startOfNextBusinessDay(to) : undefined,
    page: list.page,
    pageSize: list.pageSize,
  });

  const entityLabel = (entity: string) => (isAuditEntity(entity) ? t(`audit.entities.${entity}`) : entity);
  const actionLabel = (action: string) => (isAuditAction(action) ? t(`audit.actions.${action}`) : action);

  // Codes of modules this screen does not know yet still appear in the pickers once seen.
  const seenEntities = new Set<string>(auditEntities);
  const seenActions = new Set<string>(auditActions);
  for (const entry of entries.data?.items ?? []) {
    seenEntities.add(entry.entity);
    seenActions.add(entry.action);
  }
  const entityOptions = [...seenEntities].map((value) => ({ value, label: entityLabel(value) }));
  const actionOptions = [...seenActions].map((value) => ({ value, label: actionLabel(value) }));

  const columns: ColumnsType<AuditEntry> = [
    { key: 'seq', title: t('audit.fields.seq'), dataIndex: 'seq', width: 80 },
    {
      key: 'at',
      title: t('audit.fields.at'),
      dataIndex: 'at',
      width: 160,
      render: (at: string) => <span title={at}>{formatDateTime(at, lang)}</span>,
    },
    {
      key: 'actor',
      title: t('audit.fields.actor'),
      dataIndex: 'actorName',
      width: 120,
      render: (name: string | null, entry) =>
        name === null || (name === 'system' && entry.actorId === null) ? (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ) : (
          name
        ),
    },
    {
      key: 'action',
      title: t('audit.fields.action'),
      dataIndex: 'action',
      width: 120,
      render: (action: string) => (
        <Tag color={isAuditAction(action) ? actionColours[action] : 'default'} style={{ marginInlineEnd: 0 }}>
          {actionLabel(action)}
        </Tag>
      ),
    },
    {
      key: 'entity',
      title: t('audit.fields.entity'),
      width: 180,
      render: (_value, entry) => (
        <span>
          {entityLabel(entry.entity)}
          {entry.entityId !== null && <Typography.Text type="secondary"> #{entry.entityId}</Typography.Text>}
        </span>
      ),
    },
    {
      key: 'reason',
      title: t('audit.fields.reason'),
      dataIndex: 'reason',
      width: 200,
      ellipsis: true,
      render: (reason: string | null) => reason ?? EMPTY_VALUE,
    },
    {
      key: 'ip',
      title: t('audit.fields.ip'),
      dataIndex: 'ip',
      width: 130,
      render: (ip: string | null) => ip ?? EMPTY_VALUE,
    },
  ];

  const result = verify.data;
  const filterWidth = isMobile ? '100%' : 170;

  return (
    <Card
      title={t('audit.title')}
      extra={
        <Button
          icon={<SafetyOutlined />}
          data-testid="audit-verify"
          loading={verify.isPending}
          onClick={() => verify.mutate()}
        >
          {t('audit.verify')}
        </Button>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        {result && (
          <Alert
            data-testid="audit-verify-result"
            data-ok={String(result.ok)}
            type={result.ok ? 'success' : 'error'}
            showIcon
            closable={{ onClose: () => verify.reset() }}
            title={
              result.ok
                ? t('audit.verifyOk', { count: result.entries })
                : result.brokenAtSeq !== undefined
                  ? t('audit.verifyBroken', { seq: result.brokenAtSeq })
                  : t('audit.verifyFailed')
            }
            description={result.ok ? undefined : result.problem}
          />
        )}
        <ErrorAlert error={verify.error} testId="audit-verify-error" />
        <Flex gap={8} wrap>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="audit-filter-entity"
            placeholder={t('audit.filters.entity')}
            value={list.filters.entity}
            onChange={(entity?: string) => list.update({ filters: { entity } })}
            options={entityOptions}
            popupMatchSelectWidth={false}
            style={{ width: filterWidth }}
          />
          <SearchInput
            testId="audit-filter-entity-id"
            value={list.filters.entityId ?? ''}
            placeholder={t('audit.filters.entityId')}
            onSearch={(entityId) => list.update({ filters: { entityId: entityId.trim() || undefined } })}
            style={{ width: isMobile ? '100%' : 130 }}
          />
          <SearchInput
            testId="audit-filter-actor"
            value={list.filters.actor ?? ''}
            placeholder={t('audit.filters.actor')}
            onSearch={(actor) => list.update({ filters: { actor: actor.trim() || undefined } })}
            style={{ width: isMobile ? '100%' : 160 }}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="audit-filter-action"
            placeholder={t('audit.filters.action')}
            value={list.filters.action}
            onChange={(action?: string) => list.update({ filters: { action } })}
            options={actionOptions}
            popupMatchSelectWidth={false}
            style={{ width: filterWidth }}
          />
          <DatePicker.RangePicker
            data-testid="audit-filter-dates"
            allowEmpty={[true, true]}
            placeholder={[t('audit.filters.from'), t('audit.filters.to')]}
            value={[from && DATE.test(from) ? dayjs(from) : null, to && DATE.test(to) ? dayjs(to) : null]}
            onChange={(range) =>
              list.update({
                filters: {
                  from: range?.[0]?.format('YYYY-MM-DD'),
                  to: range?.[1]?.format('YYYY-MM-DD'),
                },
              })
            }
            style={{ width: isMobile ? '100%' : 260 }}
          />
        </Flex>
        <ErrorAlert error={entries.error} testId="audit-error" />
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="seq"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={entries.data?.items ?? []}
          loading={entries.isFetching}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (entry) => <AuditDiff entry={entry} />,
            rowExpandable: hasDetails,
          }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: entries.data?.total ?? 0,
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
    </Card>
  );
}
