import { App, Button, Card, Flex, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type CreditDecisionView, decisionStatuses } from '../../../../contracts/credit.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime, formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { DecideModal } from './CreditDialogs.tsx';
import { DecisionStatusTag, GradeTag } from './CreditTags.tsx';
import { useCreditDecisions, useDecideCredit } from './credit.api.ts';

const FILTER_KEYS = ['status'] as const;

/**
 * The approval worklist: orders whose credit needs a regional manager or the finance director.
 * Approving lets the rep confirm the order; each decision shows the exposure it was taken on.
 */
export function CreditDecisionsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const list = useListState(FILTER_KEYS);
  const status = list.filters.status ?? 'pending';
  const decisions = useCreditDecisions({ ...list.query, status: status === 'all' ? undefined : status });
  const decide = useDecideCredit();
  const [deciding, setDeciding] = useState<{ decision: CreditDecisionView; approve: boolean } | null>(null);
  const canApprove = user.permissions.includes('credit:approve');
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<CreditDecisionView> = [
    {
      ...sortable('requestedAt'),
      title: t('credit.fields.requestedAt'),
      width: 160,
      render: (_v, d) => formatDateTime(d.requestedAt, lang),
    },
    {
      ...sortable('customer'),
      title: t('credit.fields.customer'),
      width: 220,
      render: (_v, d) => <Link to={`/credit/${d.customerId}`}>{d.customerName}</Link>,
    },
    {
      key: 'order',
      title: t('credit.fields.order'),
      width: 170,
      render: (_v, d) =>
        d.orderId ? <Link to={`/orders/${d.orderId}`}>{d.orderNumber ?? d.orderId}</Link> : EMPTY_VALUE,
    },
    {
      ...sortable('order'),
      title: t('credit.fields.orderAmount'),
      width: 130,
      align: 'right',
      render: (_v, d) => formatMoney(d.orderFen, lang),
    },
    {
      ...sortable('exposure'),
      title: t('credit.fields.exposure'),
      width: 200,
      align: 'right',
      render: (_v, d) => (
        <span>
          {formatMoney(d.exposureFen, lang)}
          <Typography.Text type="secondary"> / {formatMoney(d.limitFen, lang)}</Typography.Text>
        </span>
      ),
    },
    {
      key: 'grade',
      title: t('credit.fields.grade'),
      width: 70,
      render: (_v, d) => <GradeTag grade={d.grade} />,
    },
    {
      key: 'outcome',
      title: t('credit.fields.outcome'),
      width: 140,
      render: (_v, d) => t(`credit.outcomes.${d.outcome}`),
    },
    { key: 'reason', title: t('credit.fields.reason'), dataIndex: 'reason', width: 320 },
    {
      key: 'by',
      title: t('credit.fields.requestedBy'),
      width: 110,
      render: (_v, d) => d.requestedByName ?? EMPTY_VALUE,
    },
    {
      key: 'status',
      title: t('credit.fields.status'),
      width: 180,
      fixed: isMobile ? undefined : 'right',
      render: (_v, d) =>
        d.status === 'pending' && canApprove ? (
          <Flex gap={4}>
            <Button
              size="small"
              type="primary"
              data-testid={`credit-approve-${d.id}`}
              onClick={() => setDeciding({ decision: d, approve: true })}
            >
              {t('credit.decisions.approve')}
            </Button>
            <Button
              size="small"
              danger
              data-testid={`credit-reject-${d.id}`}
              onClick={() => setDeciding({ decision: d, approve: false })}
            >
              {t('credit.decisions.reject')}
            </Button>
          </Flex>
        ) : (
          <Flex vertical>
            <DecisionStatusTag status={d.status} />
            {d.decidedByName && <Typography.Text type="secondary">{d.decidedByName}</Typography.Text>}
          </Flex>
        ),
    },
  ];

  return (
    <Card title={t('credit.decisions.title')} styles={{ body: { padding: isMobile ? 8 : undefined } }}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select<string>
            data-testid="credit-decisions-status"
            value={status}
            onChange={(value) =>
              list.update({ filters: { status: value === 'pending' ? undefined : value } })
            }
            options={[
              ...decisionStatuses.map((s) => ({ value: s, label: t(`credit.decisionStatuses.${s}`) })),
              { value: 'all', label: t('common.all') },
            ]}
            style={{ width: 140 }}
          />
          <SearchInput
            value={list.q}
            placeholder={t('credit.profiles.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
        </Flex>
        <ErrorAlert error={decisions.error} />
        <Table<CreditDecisionView>
          data-testid="credit-decisions-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={decisions.data?.items ?? []}
          loading={decisions.isFetching}
          locale={{ emptyText: t('credit.decisions.empty') }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: decisions.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (count) => t('common.total', { count }),
            simple: isMobile,
          }}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
            else if (extra.action === 'paginate') {
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
            }
          }}
        />
      </Flex>
      {deciding && (
        <DecideModal
          title={t(deciding.approve ? 'credit.decisions.approveTitle' : 'credit.decisions.rejectTitle')}
          summary={`${deciding.decision.customerName} · ${deciding.decision.orderNumber ?? ''} · ${deciding.decision.reason}`}
          isReject={!deciding.approve}
          error={decide.error}
          pending={decide.isPending}
          onClose={() => {
            decide.reset();
            setDeciding(null);
          }}
          onSubmit={async (note) => {
            await decide.mutateAsync({ id: deciding.decision.id, approve: deciding.approve, note });
            void message.success(
              t(deciding.approve ? 'credit.decisions.approved' : 'credit.decisions.rejected'),
            );
          }}
        />
      )}
    </Card>
  );
}
