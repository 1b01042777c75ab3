import { AppstoreOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Select, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type Opportunity, opportunityStages } from '../../../../contracts/crm.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { useOpportunityList } from './crm.api.ts';
import { StageTag } from './crm.labels.tsx';
import { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
import { PipelineBoard } from './PipelineBoard.tsx';

const FILTER_KEYS = ['stage', 'isOpen'] as const;
/** The board shows this many of the most recently changed opportunities. */
const BOARD_SIZE = 300;

export function OpportunityListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('crm:write');
  const list = useListState(FILTER_KEYS);
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const [creating, setCreating] = useState(false);
  const table = useOpportunityList(list.query, view === 'list');
  const board = useOpportunityList(
    { q: list.q || undefined, pageSize: BOARD_SIZE, sort: '-updatedAt' },
    view === 'board',
  );
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<Opportunity> = [
    { ...sortable('number'), title: t('crm.opportunities.fields.number'), dataIndex: 'number', width: 160 },
    {
      ...sortable('name'),
      title: t('crm.opportunities.fields.name'),
      width: 240,
      render: (_v, o) => <Link to={`/opportunities/${o.id}`}>{o.name}</Link>,
    },
    {
      ...sortable('customer'),
      title: t('crm.opportunities.fields.customer'),
      dataIndex: 'customerName',
      width: 200,
    },
    {
      ...sortable('stage'),
      title: t('crm.opportunities.fields.stage'),
      width: 100,
      render: (_v, o) => <StageTag stage={o.stage} />,
    },
    {
      ...sortable('amountFen'),
      title: t('crm.opportunities.fields.amount'),
      align: 'right',
      width: 140,
      render: (_v, o) => formatMoney(o.amountFen, lang),
    },
    {
      ...sortable('expectedCloseDate'),
      title: t('crm.opportunities.fields.expectedClose'),
      dataIndex: 'expectedCloseDate',
      width: 120,
      render: (v) => v ?? '—',
    },
    {
      ...sortable('owner'),
      title: t('crm.opportunities.fields.owner'),
      dataIndex: 'ownerName',
      width: 100,
      render: (v) => v ?? '—',
    },
    {
      key: 'tender',
      title: t('crm.opportunities.fields.tenderNumber'),
      width: 140,
      render: (_v, o) =>
        o.tenderNumber ? (
          <Flex vertical>
            <span>{o.tenderNumber}</span>
            {o.tenderDeadline && <Typography.Text type="secondary">{o.tenderDeadline}</Typography.Text>}
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      key: 'campaign',
      title: t('crm.opportunities.fields.campaign'),
      dataIndex: 'campaignName',
      width: 180,
      render: (v) => v ?? '—',
    },
  ];

  return (
    <Card
      title={t('crm.opportunities.title')}
      extra={
        <Flex gap={8}>
          <Segmented
            value={view}
            onChange={(next) =>
              setParams(
                (current) => {
                  const copy = new URLSearchParams(current);
                  copy.set('view', String(next));
                  return copy;
                },
                { replace: true },
              )
            }
            options={[
              {
                value: 'board',
                icon: <AppstoreOutlined />,
                label: isMobile ? undefined : t('crm.opportunities.board'),
              },
              {
                value: 'list',
                icon: <UnorderedListOutlined />,
                label: isMobile ? undefined : t('crm.opportunities.list'),
              },
            ]}
          />
          <ExportButton
            path="/api/opportunities/export"
            query={list.query}
            baseName="opportunities"
            testId="opportunities-export"
            iconOnly
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="opportunity-new"
              onClick={() => setCreating(true)}
            >
              {isMobile ? null : t('crm.opportunities.new')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap align="center">
          <SearchInput
            testId="opportunities-search"
            value={list.q}
            placeholder={t('crm.opportunities.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 280 }}
          />
          {view === 'list' && (
            <>
              <Select
                allowClear
                placeholder={t('crm.opportunities.fields.stage')}
                value={list.filters.stage}
                onChange={(stage?: string) => list.update({ filters: { stage } })}
                options={opportunityStages.map((value) => ({
                  value,
                  label: t(`crm.opportunities.stages.${value}`),
                }))}
                style={{ width: 140 }}
              />
              <Flex gap={4} align="center">
                <Switch
                  size="small"
                  checked={list.filters.isOpen === 'true'}
                  onChange={(on) => list.update({ filters: { isOpen: on ? 'true' : undefined } })}
                />
                <Typography.Text>{t('crm.opportunities.onlyOpen')}</Typography.Text>
              </Flex>
            </>
          )}
        </Flex>
        <ErrorAlert error={view === 'list' ? table.error : board.error} />
        {view === 'board' ? (
          <PipelineBoard opportunities={board.data?.items ?? []} canWrite={canWrite} />
        ) : (
          <Table<Opportunity>
            data-testid="opportunities-table"
            rowKey="id"
            size={isMobile ? 'small' : 'middle'}
            columns={columns}
            dataSource={table.data?.items ?? []}
            loading={table.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: list.page,
              pageSize: list.pageSize,
              total: table.data?.total ?? 0,
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
        )}
      </Flex>
      {creating && <OpportunityFormDrawer onClose={() => setCreating(false)} />}
    </Card>
  );
}
