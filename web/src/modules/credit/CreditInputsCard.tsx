import { Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatestCreditInputs } from '../../../../contracts/credit-inputs.ts';
import { EMPTY_VALUE, formatDate, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { ExternalRatingModal, FinancialRatiosModal } from './CreditInputsDialogs.tsx';

/**
 * The latest external rating and financial-statement ratios, beside the factor breakdown.
 * Labelled as not scored: DOMAIN §4's score reads only its seven factors.
 */
export function CreditInputsCard({
  customerId,
  inputs,
  canWrite,
}: {
  customerId: number;
  inputs: LatestCreditInputs;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [dialog, setDialog] = useState<'rating' | 'ratios' | null>(null);
  const rating = inputs.externalRating;
  const ratios = inputs.financialRatios;
  const ratio = (value: number | null) => (value === null ? EMPTY_VALUE : formatNumber(value, lang));
  const percent = (value: number | null) => (value === null ? EMPTY_VALUE : formatPercent(value, lang, 2));
  return (
    <Card
      title={t('credit.inputs.title')}
      size="small"
      extra={<Typography.Text type="secondary">{t('credit.inputs.notScored')}</Typography.Text>}
      data-testid="credit-optional-inputs"
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('credit.inputs.externalRating')}</Typography.Text>
            {canWrite && (
              <Button
                size="small"
                data-testid="credit-add-external-rating"
                onClick={() => setDialog('rating')}
              >
                {t('credit.inputs.addRating')}
              </Button>
            )}
          </Flex>
          {rating ? (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('credit.inputs.fields.agency')}>{rating.agency}</Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.rating')}>
                <Flex gap={4} align="center">
                  <Tag>{rating.rating}</Tag>
                  {rating.outlook && t(`credit.inputs.outlooks.${rating.outlook}`)}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.ratedOn')}>
                {formatDate(rating.ratedOn, lang)}
              </Descriptions.Item>
              {rating.note && (
                <Descriptions.Item label={t('credit.inputs.fields.note')}>{rating.note}</Descriptions.Item>
              )}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('credit.inputs.none')}</Typography.Text>
          )}
        </Col>
        <Col xs={24} md={12}>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('credit.inputs.financialRatios')}</Typography.Text>
            {canWrite && (
              <Button
                size="small"
                data-testid="credit-add-financial-ratios"
                onClick={() => setDialog('ratios')}
              >
                {t('credit.inputs.addRatios')}
              </Button>
            )}
          </Flex>
          {ratios ? (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('credit.inputs.fields.periodEnd')}>
                {formatDate(ratios.periodEnd, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.currentRatio')}>
                {ratio(ratios.currentRatio)}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.quickRatio')}>
                {ratio(ratios.quickRatio)}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.debtToAssetRatio')}>
                {percent(ratios.debtToAssetRatio)}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.netMargin')}>
                {percent(ratios.netMargin)}
              </Descriptions.Item>
              <Descriptions.Item label={t('credit.inputs.fields.revenue')}>
                {ratios.revenueFen === null ? EMPTY_VALUE : formatMoney(ratios.revenueFen, lang)}
              </Descriptions.Item>
              {ratios.sourceNote && (
                <Descriptions.Item label={t('credit.inputs.fields.sourceNote')}>
                  {ratios.sourceNote}
                </Descriptions.Item>
              )}
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('credit.inputs.none')}</Typography.Text>
          )}
        </Col>
      </Row>
      {dialog === 'rating' && <ExternalRatingModal customerId={customerId} onClose={() => setDialog(null)} />}
      {dialog === 'ratios' && (
        <FinancialRatiosModal customerId={customerId} onClose={() => setDialog(null)} />
      )}
    </Card>
  );
}
