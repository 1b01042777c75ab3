import { MoreOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type Lead, leadSources, leadStatuses } from '../../../../contracts/crm.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatDateTime, formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useCampaignOptions } from '../marketing/marketing.api.ts';
import { useLeadList } from './crm.api.ts';
import { LeadStatusTag } from './crm.labels.tsx';
import {
  ConvertLeadModal,
  DisqualifyLeadModal,
  LeadDuplicatesDrawer,
  LeadFormDrawer,
  QualifyLeadModal,
} from './LeadDialogs.tsx';

const FILTER_KEYS = ['status', 'source', 'campaignId'] as const;

type Dialog =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'edit' | 'qualify' | 'disqualify' | 'convert' | 'duplicates'; lead: Lead };

/** Leads in the user's scope: who, from which campaign, where they stand; and what to do next. */
export function LeadListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('crm:write');
  const list = useListState(FILTER_KEYS);
  const leads = useLeadList(list.query);
  const campaigns = useCampaignOptions();
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });
  const close = () => setDialog({ kind: 'none' });

  const columns: ColumnsType<Lead> = [
    { ...sortable('code'), title: t('crm.leads.fields.code'), dataIndex: 'code', width: 160 },
    {
      ...sortable('contactName'),
      title: t('crm.leads.fields.contactName'),
      dataIndex: 'contactName',
      width: 110,
    },
    {
      ...sortable('organization'),
      title: t('crm.leads.fields.organization'),
      width: 220,
      render: (_v, lead) => (
        <Flex vertical>
          <span>{lead.organization ?? '—'}</span>
          {lead.department && <Typography.Text type="secondary">{lead.department}</Typography.Text>}
        </Flex>
      ),
    },
    {
      key: 'phone',
      title: t('crm.leads.fields.phone'),
      dataIndex: 'phone',
      width: 130,
      render: (v) => v ?? '—',
    },
    {
      ...sortable('region'),
      title: t('crm.leads.fields.region'),
      dataIndex: 'regionName',
      width: 100,
      render: (v) => v ?? '—',
    },
    {
      ...sortable('owner'),
      title: t('crm.leads.fields.owner'),
      dataIndex: 'ownerName',
      width: 100,
      render: (v) => v ?? '—',
    },
    {
      key: 'source',
      title: t('crm.leads.fields.source'),
      width: 160,
      render: (_v, lead) => (
        <Flex vertical>
          <span>{t(`crm.leads.sources.${lead.source}`)}</span>
          {lead.campaignName && <Typography.Text type="secondary">{lead.campaignName}</Typography.Text>}
        </Flex>
      ),
    },
    {
      ...sortable('status'),
      title: t('crm.leads.fields.status'),
      width: 110,
      render: (_v, lead) => (
        <Flex vertical gap={2}>
          <LeadStatusTag status={lead.status} />
          {lead.rating && (
            <Typography.Text type="secondary">{t(`crm.leads.ratings.${lead.rating}`)}</Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'estimated',
      title: t('crm.leads.fields.estimatedValue'),
      width: 130,
      align: 'right',
      render: (_v, lead) =>
        lead.estimatedValueFen === null ? '—' : formatMoney(lead.estimatedValueFen, lang),
    },
    {
      ...sortable('createdAt'),
      title: t('crm.leads.fields.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatDateTime(v, lang),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 110,
      fixed: isMobile ? undefined : 'right',
      render: (_v, lead) => {
        const isOpen = lead.status !== 'converted' && lead.status !== 'disqualified';
        return (
          <Flex gap={4}>
            {isOpen && (
              <Button
                size="small"
                type="link"
                data-testid={`lead-convert-${lead.id}`}
                onClick={() => setDialog({ kind: 'convert', lead })}
              >
                {t('crm.leads.convert')}
              </Button>
            )}
            {lead.status === 'converted' && lead.opportunityId && (
              <Button
                size="small"
                type="link"
                onClick={() => navigate(`/opportunities/${lead.opportunityId}`)}
              >
                {t('crm.opportunities.title')}
              </Button>
            )}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'edit', label: t('common.edit'), disabled: !isOpen },
                  { key: 'qualify', label: t('crm.leads.qualify'), disabled: !isOpen },
                  { key: 'disqualify', label: t('crm.leads.disqualify'), disabled: !isOpen, danger: true },
                  { key: 'duplicates', label: t('crm.leads.duplicates') },
                ],
                onClick: ({ key }) => setDialog({ kind: key as 'edit', lead }),
              }}
            >
              <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('common.actions')} />
            </Dropdown>
          </Flex>
        );
      },
    });
  }

  const filterWidth = isMobile ? '100%' : 150;
  return (
    <Card
      title={t('crm.leads.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/leads/export"
            query={list.query}
            baseName="leads"
            testId="leads-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="lead-new"
              onClick={() => setDialog({ kind: 'create' })}
            >
              {isMobile ? null : t('crm.leads.new')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="leads-search"
            value={list.q}
            placeholder={t('crm.leads.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <Select
            allowClear
            placeholder={t('crm.leads.fields.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={leadStatuses.map((value) => ({ value, label: t(`crm.leads.statuses.${value}`) }))}
            style={{ width: filterWidth }}
          />
          <Select
            allowClear
            placeholder={t('crm.leads.fields.source')}
            value={list.filters.source}
            onChange={(source?: string) => list.update({ filters: { source } })}
            options={leadSources.map((value) => ({ value, label: t(`crm.leads.sources.${value}`) }))}
            style={{ width: filterWidth }}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('crm.leads.fields.campaign')}
            value={list.filters.campaignId ? Number(list.filters.campaignId) : undefined}
            onChange={(id?: number) => list.update({ filters: { campaignId: id?.toString() } })}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            style={{ width: isMobile ? '100%' : 240 }}
          />
        </Flex>
        <ErrorAlert error={leads.error} testId="leads-error" />
        <Table<Lead>
          data-testid="leads-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={leads.data?.items ?? []}
          loading={leads.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: leads.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
          }}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
            else if (extra.action === 'paginate')
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
          }}
        />
      </Flex>
      {dialog.kind === 'create' && <LeadFormDrawer onClose={close} />}
      {dialog.kind === 'edit' && <LeadFormDrawer lead={dialog.lead} onClose={close} />}
      {dialog.kind === 'qualify' && <QualifyLeadModal lead={dialog.lead} onClose={close} />}
      {dialog.kind === 'disqualify' && <DisqualifyLeadModal lead={dialog.lead} onClose={close} />}
      {dialog.kind === 'duplicates' && <LeadDuplicatesDrawer lead={dialog.lead} onClose={close} />}
      {dialog.kind === 'convert' && (
        <ConvertLeadModal
          lead={dialog.lead}
          onClose={close}
          onConverted={(result) => {
            close();
            void message.success(t('crm.leads.converted'));
            if (result.opportunityId) navigate(`/opportunities/${result.opportunityId}`);
          }}
        />
      )}
    </Card>
  );
}
