import { Flex, Segmented, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { qualificationTypes } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useExpiringDocuments } from './dataquality.api.ts';
import { type ExpiringDocument, gradeDaysLeft, holderLinkOf, type Urgency } from './dataquality.rules.ts';

export const WITHIN_DAYS = [30, 60, 90] as const;
export type WithinDays = (typeof WITHIN_DAYS)[number];

const kindColours: Record<ExpiringDocument['kind'], string> = {
  qualification: 'purple',
  product_certificate: 'cyan',
  supplier_licence: 'geekblue',
};

const urgencyColours: Record<Urgency, string> = {
  expired: 'red',
  soon: 'orange',
  later: 'gold',
  distant: 'default',
};

const isQualificationType = (value: string): value is (typeof qualificationTypes)[number] =>
  (qualificationTypes as readonly string[]).includes(value);

export function DaysLeftTag({ daysLeft }: { daysLeft: number }) {
  const { t } = useTranslation();
  const urgency = gradeDaysLeft(daysLeft);
  const text =
    daysLeft < 0
      ? t('dataQuality.expiring.expired', { count: -daysLeft })
      : daysLeft === 0
        ? t('dataQuality.expiring.today')
        : t('dataQuality.expiring.daysLeft', { count: daysLeft });
  return (
    <Tag color={urgencyColours[urgency]} data-urgency={urgency} style={{ marginInlineEnd: 0 }}>
      {text}
    </Tag>
  );
}

export interface ExpiringTabProps {
  withinDays: WithinDays;
  onWithinDaysChange: (withinDays: WithinDays) => void;
}

export function ExpiringTab({ withinDays, onWithinDaysChange }: ExpiringTabProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const documents = useExpiringDocuments(withinDays);

  const documentTypeOf = (document: ExpiringDocument) => {
    const type = document.documentType;
    if (isQualificationType(type)) return t(`qualifications.types.${type}`);
    if (type === 'registration_certificate' || type === 'supplier_licence') {
      return t(`dataQuality.expiring.documentTypes.${type}`);
    }
    return type;
  };

  const columns: ColumnsType<ExpiringDocument> = [
    {
      key: 'daysLeft',
      title: t('dataQuality.expiring.fields.daysLeft'),
      dataIndex: 'daysLeft',
      width: 130,
      render: (daysLeft: number) => <DaysLeftTag daysLeft={daysLeft} />,
    },
    {
      key: 'kind',
      title: t('dataQuality.expiring.fields.kind'),
      dataIndex: 'kind',
      width: 130,
      render: (kind: ExpiringDocument['kind']) => (
        <Tag color={kindColours[kind]} style={{ marginInlineEnd: 0 }}>
          {t(`dataQuality.expiring.kinds.${kind}`)}
        </Tag>
      ),
    },
    {
      key: 'holder',
      title: t('dataQuality.expiring.fields.holder'),
      dataIndex: 'holder',
      width: 240,
      render: (holder: string, document) => {
        const link = holderLinkOf(document);
        if (!user.permissions.includes(link.permission)) return holder;
        return (
          <Link to={link.to} data-testid={`dq-expiring-link-${document.kind}-${document.id}`}>
            {holder}
          </Link>
        );
      },
    },
    {
      key: 'documentType',
      title: t('dataQuality.expiring.fields.documentType'),
      width: 200,
      render: (_value, document) => documentTypeOf(document),
    },
    {
      key: 'number',
      title: t('dataQuality.expiring.fields.number'),
      dataIndex: 'number',
      width: 220,
      render: (number: string | null) => number ?? EMPTY_VALUE,
    },
    {
      key: 'validUntil',
      title: t('dataQuality.expiring.fields.validUntil'),
      dataIndex: 'validUntil',
      width: 130,
      render: (value: string) => formatDate(value, lang),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('dataQuality.expiring.within')}</Typography.Text>
        <Segmented<WithinDays>
          data-testid="dq-expiring-within"
          value={withinDays}
          onChange={onWithinDaysChange}
          options={WITHIN_DAYS.map((days) => ({
            value: days,
            label: t('dataQuality.expiring.withinDays', { count: days }),
          }))}
        />
      </Flex>
      <ErrorAlert error={documents.error} testId="dq-expiring-error" />
      <Table<ExpiringDocument>
        data-testid="dq-expiring-table"
        rowKey={(document) => `${document.kind}-${document.id}`}
        size={isMobile ? 'small' : 'middle'}
        columns={columns}
        dataSource={documents.data ?? []}
        loading={documents.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dataQuality.expiring.empty') }}
        pagination={{
          defaultPageSize: 20,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { count: total }),
          simple: isMobile,
        }}
      />
    </Flex>
  );
}
