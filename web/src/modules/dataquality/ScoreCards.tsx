import { Card, Col, Flex, Progress, Row, Skeleton, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { dataQualityEntities } from '../../../../contracts/dataquality.ts';
import { formatNumber } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import type { EntitySummary } from './dataquality.api.ts';
import { type Entity, type Grade, gradeScore, isKnownRule } from './dataquality.rules.ts';

const TOP_RULES = 3;

export interface ScoreCardsProps {
  entities: EntitySummary[] | undefined;
  isLoading: boolean;
  selected: Entity | undefined;
  onSelect: (entity: Entity) => void;
}

/** One card per entity: its score as a ring coloured by grade, its record counts and its commonest issues. */
export function ScoreCards({ entities, isLoading, selected, onSelect }: ScoreCardsProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { token } = theme.useToken();
  const colours: Record<Grade, string> = {
    good: token.colorSuccess,
    fair: token.colorWarning,
    poor: token.colorError,
  };

  return (
    <Row gutter={[isMobile ? 8 : 16, isMobile ? 8 : 16]}>
      {dataQualityEntities.map((entity) => {
        const summary = entities?.find((candidate) => candidate.entity === entity);
        const grade = summary ? gradeScore(summary.score) : 'good';
        const topRules = Object.entries(summary?.issuesByRule ?? {})
          .sort((a, b) => b[1] - a[1])
          .slice(0, TOP_RULES);
        const isSelected = selected === entity;
        return (
          <Col key={entity} xs={12} lg={6}>
            <Card
              hoverable
              size="small"
              data-testid={`dq-score-${entity}`}
              data-score={summary?.score}
              data-grade={summary ? grade : undefined}
              onClick={() => onSelect(entity)}
              style={{
                height: '100%',
                borderColor: isSelected ? token.colorPrimary : undefined,
                boxShadow: isSelected ? `0 0 0 1px ${token.colorPrimary}` : undefined,
              }}
              styles={{ body: { padding: isMobile ? 10 : 16 } }}
            >
              {isLoading || !summary ? (
                <Skeleton active paragraph={{ rows: 2 }} />
              ) : (
                <Flex gap={isMobile ? 8 : 16} align="center" vertical={isMobile}>
                  <Progress
                    type="circle"
                    size={isMobile ? 64 : 84}
                    percent={summary.score}
                    strokeColor={colours[grade]}
                    format={() => (
                      <span style={{ fontSize: isMobile ? 14 : 18, color: colours[grade] }}>
                        {formatNumber(summary.score, lang, { decimals: summary.score % 1 === 0 ? 0 : 1 })}%
                      </span>
                    )}
                    aria-label={t('dataQuality.score')}
                  />
                  <Flex vertical gap={2} style={{ minWidth: 0, textAlign: isMobile ? 'center' : 'start' }}>
                    <Typography.Text strong>{t(`dataQuality.entities.${entity}`)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dataQuality.records', { count: summary.records })}
                    </Typography.Text>
                    <Typography.Text
                      style={{ fontSize: 12 }}
                      type={summary.recordsWithIssues > 0 ? 'danger' : 'success'}
                    >
                      {summary.recordsWithIssues > 0
                        ? t('dataQuality.recordsWithIssues', { count: summary.recordsWithIssues })
                        : t('dataQuality.noIssues')}
                    </Typography.Text>
                    {!isMobile &&
                      topRules.map(([rule, count]) => (
                        <Typography.Text
                          key={rule}
                          type="secondary"
                          ellipsis
                          style={{ fontSize: 12, maxWidth: '100%' }}
                          title={isKnownRule(rule) ? t(`dataQuality.rules.${rule}`) : rule}
                        >
                          {isKnownRule(rule) ? t(`dataQuality.rules.${rule}`) : rule}: {count}
                        </Typography.Text>
                      ))}
                  </Flex>
                </Flex>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
