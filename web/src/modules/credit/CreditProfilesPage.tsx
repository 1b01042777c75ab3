import { Card, Flex, Progress, Select, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  type CreditProfileSummary,
  type CreditStatus,
  creditStatuses,
  type Grade,
  grades,
} from '../../../../contracts/credit.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDateTime, formatMoney, formatPercent } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { CreditStatusTag, GradeTag } from './CreditTags.tsx';
import { useCreditProfiles } from './credit.api.ts';

const FILTER_KEYS = ['grade', 'status'] as const;

/** Every customer in scope with score, grade, limit, exposure and utilisation. */
export function CreditProfilesPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const list = useListState(FILTER_KEYS);
  const profiles = useCreditProfiles(list.query);
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<CreditProfileSummary> = [
    {
      ...sortable('name'),
      title: t('credit.fields.customer'),
      width: 240,
      fixed: isMobile ? undefined : 'left',
      render: (_v, p) => (
        <Link to={`/credit/${p.customerId}`} data-testid={`credit-profile-${p.customerId}`}>
          {p.customerName}
        </Link>
      ),
    },
    { ...sortable('code'), title: t('credit.fields.code'), dataIndex: 'customerCode', width: 110 },
    { key: 'region', title: t('credit.fields.region'), dataIndex: 'regionName', width: 100 },
    {
      ...sortable('score'),
      title: t('credit.fields.score'),
      dataIndex: 'score',
      width: 90,
      align: 'right',
      render: (score: number | null) => (score === null ? EMPTY_VALUE : score.toFixed(2)),
    },
    {
      ...sortable('grade'),
      title: t('credit.fields.grade'),
      dataIndex: 'grade',
      width: 90,
      render: (grade: Grade | null) => <GradeTag grade={grade} />,
    },
    {
      key: 'status',
      title: t('credit.fields.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: CreditStatus) => <CreditStatusTag status={status} />,
    },
    {
      ...sortable('limit'),
      title: t('credit.fields.limit'),
      dataIndex: 'limitFen',
      width: 140,
      align: 'right',
      render: (fen: number) => formatMoney(fen, lang),
    },
    {
      key: 'exposure',
      title: t('credit.fields.exposure'),
      dataIndex: 'exposureFen',
      width: 140,
      align: 'right',
      render: (fen: number) => formatMoney(fen, lang),
    },
    {
      key: 'utilisation',
      title: t('credit.fields.utilisation'),
      dataIndex: 'utilisation',
      width: 150,
      render: (u: number | null) =>
        u === null ? (
          EMPTY_VALUE
        ) : (
          <Progress
            percent={Math.min(100, Math.round(u * 100))}
            format={() => formatPercent(u, lang, 0)}
            status={u > 1 ? 'exception' : u > 0.8 ? 'active' : 'normal'}
            size="small"
          />
        ),
    },
    {
      key: 'recommended',
      title: t('credit.fields.recommendedLimit'),
      dataIndex: 'recommendedLimitFen',
      width: 140,
      align: 'right',
      render: (fen: number | null) => (fen === null ? EMPTY_VALUE : formatMoney(fen, lang)),
    },
    {
      ...sortable('lastRatedAt'),
      title: t('credit.fields.lastRated'),
      dataIndex: 'lastRatedAt',
      width: 160,
      render: (at: string | null) => (at ? formatDateTime(at, lang) : EMPTY_VALUE),
    },
  ];

  return (
    <Card title={t('credit.profiles.title')} styles={{ body: { padding: isMobile ? 8 : undefined } }}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="credit-profiles-search"
            value={list.q}
            placeholder={t('credit.profiles.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
          <Select<string>
            allowClear
            data-testid="credit-filter-grade"
            placeholder={t('credit.fields.grade')}
            value={list.filters.grade}
            onChange={(grade?: string) => list.update({ filters: { grade } })}
            options={grades.map((g) => ({ value: g, label: g }))}
            style={{ width: 110 }}
          />
          <Select<string>
            allowClear
            data-testid="credit-filter-status"
            placeholder={t('credit.fields.status')}
            value={list.filters.status}
            onChange={(status?: string) => list.update({ filters: { status } })}
            options={creditStatuses.map((s) => ({ value: s, label: t(`credit.statuses.${s}`) }))}
            style={{ width: 120 }}
          />
        </Flex>
        <ErrorAlert error={profiles.error} />
        <Table<CreditProfileSummary>
          data-testid="credit-profiles-table"
          rowKey="customerId"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={profiles.data?.items ?? []}
          loading={profiles.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: profiles.data?.total ?? 0,
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
    </Card>
  );
}
