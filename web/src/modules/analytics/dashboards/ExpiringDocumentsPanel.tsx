import { Button, Card, Col, Empty, Row, Statistic, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { formatDate } from '../../../shared/format.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { useExpiringDocuments } from '../../dataquality/dataquality.api.ts';
import { countExpiring, expiryBuckets } from './dashboards.rules.ts';

/**
 * The compliance summary: customer qualifications, product registrations and supplier
 * licences expired or expiring within 90 days, counted by kind and by how soon (in the
 * caller's scope, as the data-quality page lists them), and the most urgent ones.
 */
export function ExpiringDocumentsPanel() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const documents = useExpiringDocuments(90);
  const counts = useMemo(() => countExpiring(documents.data ?? []), [documents.data]);
  const urgent = useMemo(
    () => [...(documents.data ?? [])].sort((a, b) => a.daysLeft - b.daysLeft).slice(0, 15),
    [documents.data],
  );
  if (documents.error) return <ErrorAlert error={documents.error} />;
  return (
    <Card
      size="small"
      loading={documents.isLoading}
      title={t('analytics.dashboards.panels.expiringDocuments')}
      extra={
        <Link to="/data-quality?tab=expiring">
          <Button size="small">{t('analytics.dashboards.openDataQuality')}</Button>
        </Link>
      }
      data-testid="panel-expiring"
    >
      <Row gutter={[16, 16]}>
        {counts.map((row) => (
          <Col key={row.kind} xs={24} md={8}>
            <Card size="small" title={t(`dataQuality.expiring.kinds.${row.kind}`)}>
              <Row gutter={8}>
                {expiryBuckets.map((bucket) => (
                  <Col key={bucket} span={6}>
                    <Statistic
                      title={t(`analytics.dashboards.buckets.${bucket}`)}
                      value={row.counts[bucket]}
                      valueStyle={
                        bucket === 'expired' && row.counts[bucket] > 0 ? { color: '#cf1322' } : undefined
                      }
                      data-testid={`expiring-${row.kind}-${bucket}`}
                    />
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
      {urgent.length === 0 ? (
        <Empty description={t('dataQuality.expiring.empty')} />
      ) : (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey={(row) => `${row.kind}-${row.id}`}
          pagination={false}
          scroll={{ x: true }}
          dataSource={urgent}
          columns={[
            {
              key: 'kind',
              title: t('dataQuality.expiring.fields.kind'),
              render: (_, row) => t(`dataQuality.expiring.kinds.${row.kind}`),
            },
            { key: 'holder', title: t('dataQuality.expiring.fields.holder'), dataIndex: 'holder' },
            { key: 'number', title: t('dataQuality.expiring.fields.number'), dataIndex: 'number' },
            {
              key: 'validUntil',
              title: t('dataQuality.expiring.fields.validUntil'),
              render: (_, row) => formatDate(row.validUntil, lang),
            },
            {
              key: 'daysLeft',
              title: t('analytics.dashboards.daysLeft'),
              align: 'right',
              render: (_, row) => row.daysLeft,
            },
          ]}
        />
      )}
    </Card>
  );
}
