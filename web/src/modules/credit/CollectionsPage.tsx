import { WarningOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  type CollectionContact,
  type CollectionWorkItem,
  type ReminderStep,
  reminderSteps,
} from '../../../../contracts/collections.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatMoney } from '../../shared/format.ts';
import { PAGE_SIZES, useListState } from '../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { CollectionContactDrawer } from './CollectionContactDrawer.tsx';
import { GradeTag } from './CreditTags.tsx';
import { useCollectionWorklist } from './credit.api.ts';

const FILTER_KEYS = ['step'] as const;

export const stepColours: Record<ReminderStep, string> = {
  gentle: 'blue',
  reminder: 'gold',
  call: 'orange',
  escalation: 'red',
};

export function ReminderStepTag({ step }: { step: ReminderStep }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`credit.collections.stepHints.${step}`)}>
      <Tag color={stepColours[step]}>{t(`credit.collections.steps.${step}`)}</Tag>
    </Tooltip>
  );
}

function ContactSummary({ contact }: { contact: CollectionContact | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!contact) return <>{EMPTY_VALUE}</>;
  return (
    <Flex vertical>
      <span>
        {formatDate(contact.contactedOn, lang)} · {t(`credit.collections.channels.${contact.channel}`)}
      </span>
      <Typography.Text type="secondary">{contact.contactPerson}</Typography.Text>
    </Flex>
  );
}

/**
 * The collections worklist (DOMAIN §4 "Collection reminders"): customers of the user's scope
 * due a reminder, most urgent first, with the step their grade and lateness prescribe, the last
 * contact and the open promise to pay; a drawer logs a new contact.
 */
export function CollectionsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const list = useListState(FILTER_KEYS);
  const worklist = useCollectionWorklist(list.query);
  const [logging, setLogging] = useState<CollectionWorkItem | null>(null);
  const canLog = user.permissions.includes('credit:write');

  const columns: ColumnsType<CollectionWorkItem> = [
    {
      key: 'step',
      title: t('credit.collections.fields.step'),
      width: 120,
      render: (_v, item) => <ReminderStepTag step={item.step} />,
    },
    {
      key: 'customer',
      title: t('credit.fields.customer'),
      width: 240,
      render: (_v, item) => (
        <Flex vertical>
          <Link to={`/credit/${item.customerId}`}>{item.customerName}</Link>
          <Typography.Text type="secondary">
            {item.customerCode} · {item.regionName}
          </Typography.Text>
          <Flex gap={4} wrap>
            {item.isHospitalTermsTooLong && (
              <Tag
                color="red"
                icon={<WarningOutlined />}
                data-testid={`collections-terms-${item.customerId}`}
              >
                {t('credit.collections.hospitalTerms', { days: item.paymentTermsDays })}
              </Tag>
            )}
            {item.ordersNeedApproval && (
              <Tag color="volcano">{t('credit.collections.ordersNeedApproval')}</Tag>
            )}
          </Flex>
        </Flex>
      ),
    },
    {
      key: 'grade',
      title: t('credit.fields.grade'),
      width: 80,
      render: (_v, item) => <GradeTag grade={item.grade} />,
    },
    {
      key: 'overdue',
      title: t('credit.collections.fields.overdue'),
      width: 150,
      align: 'right',
      render: (_v, item) => (
        <Flex vertical>
          <span>{formatMoney(item.overdueFen, lang)}</span>
          <Typography.Text type="secondary">
            {t('credit.collections.fields.open')} {formatMoney(item.openFen, lang)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'days',
      title: t('credit.collections.fields.daysPastDue'),
      width: 120,
      align: 'right',
      render: (_v, item) =>
        item.daysPastDue > 0
          ? item.daysPastDue
          : t('credit.collections.fields.dueIn', { days: -item.daysPastDue }),
    },
    {
      key: 'rep',
      title: t('credit.fields.ownerRep'),
      width: 110,
      render: (_v, item) => item.ownerRepName ?? EMPTY_VALUE,
    },
    {
      key: 'lastContact',
      title: t('credit.collections.fields.lastContact'),
      width: 180,
      render: (_v, item) => <ContactSummary contact={item.lastContact} />,
    },
    {
      key: 'promise',
      title: t('credit.collections.fields.promise'),
      width: 170,
      render: (_v, item) =>
        item.openPromise?.promisedOn && item.openPromise.promisedFen !== null ? (
          <Flex vertical>
            <span>{formatMoney(item.openPromise.promisedFen, lang)}</span>
            <Typography.Text type="secondary">
              {formatDate(item.openPromise.promisedOn, lang)}
            </Typography.Text>
          </Flex>
        ) : (
          EMPTY_VALUE
        ),
    },
    ...(canLog
      ? [
          {
            key: 'actions',
            title: '',
            width: 110,
            fixed: isMobile ? undefined : ('right' as const),
            render: (_v: unknown, item: CollectionWorkItem) => (
              <Button
                size="small"
                data-testid={`collections-log-${item.customerId}`}
                onClick={() => setLogging(item)}
              >
                {t('credit.collections.logContact')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('credit.collections.title')}
      extra={
        worklist.data && (
          <Typography.Text type="secondary">
            {t('credit.collections.asOf', { date: formatDate(worklist.data.asOf, lang) })}
          </Typography.Text>
        )
      }
      styles={{ body: { padding: isMobile ? 8 : undefined } }}
    >
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select<string>
            data-testid="collections-step"
            value={list.filters.step ?? 'all'}
            onChange={(value) => list.update({ filters: { step: value === 'all' ? undefined : value } })}
            options={[
              { value: 'all', label: t('credit.collections.allSteps') },
              ...reminderSteps.map((s) => ({ value: s, label: t(`credit.collections.steps.${s}`) })),
            ]}
            style={{ width: 160 }}
          />
          <SearchInput
            value={list.q}
            placeholder={t('credit.collections.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 240 }}
          />
        </Flex>
        <ErrorAlert error={worklist.error} />
        <Table<CollectionWorkItem>
          data-testid="collections-table"
          rowKey="customerId"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={worklist.data?.items ?? []}
          loading={worklist.isFetching}
          locale={{ emptyText: t('credit.collections.empty') }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: worklist.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (count) => t('common.total', { count }),
            simple: isMobile,
          }}
          onChange={(pagination, _filters, _sorter, extra) => {
            if (extra.action === 'paginate') {
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
            }
          }}
        />
      </Flex>
      {logging && (
        <CollectionContactDrawer
          customerId={logging.customerId}
          customerName={logging.customerName}
          onClose={() => setLogging(null)}
        />
      )}
    </Card>
  );
}
