import { Button, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { CollectionLog } from './CollectionLog.tsx';
import { CreditInputsCard } from './CreditInputsCard.tsx';
import { CreditStatusTag, GradeTag } from './CreditTags.tsx';
import { useCustomerCredit } from './credit.api.ts';

/**
 * The credit summary on the customer's page, the optional inputs shown beside the score, the way
 * to the full credit page, and the collection log.
 */
export function CustomerCreditTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useCurrentUser();
  const credit = useCustomerCredit(customerId);
  if (credit.isLoading) return <Skeleton active />;
  if (!credit.data) return <ErrorAlert error={credit.error} />;
  const data = credit.data;
  return (
    <Flex vertical gap={16}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={4}>
          <Statistic
            title={t('credit.fields.score')}
            value={data.latest ? data.latest.score.toFixed(2) : EMPTY_VALUE}
            suffix={<GradeTag grade={data.latest?.grade ?? null} />}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('credit.fields.status')}
            valueRender={() => <CreditStatusTag status={data.status} />}
          />
        </Col>
        <Col xs={12} md={5}>
          <Statistic title={t('credit.fields.limit')} value={formatMoney(data.limitFen, lang)} />
        </Col>
        <Col xs={12} md={5}>
          <Statistic
            title={t('credit.fields.exposure')}
            value={formatMoney(data.exposure.exposureFen, lang)}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('credit.fields.recommendedLimit')}
            value={data.latest ? formatMoney(data.latest.recommendedLimitFen, lang) : EMPTY_VALUE}
          />
        </Col>
      </Row>
      <CreditInputsCard
        customerId={customerId}
        inputs={data.optionalInputs}
        canWrite={user.permissions.includes('credit:write')}
      />
      <Link to={`/credit/${customerId}`} data-testid="customer-credit-link">
        <Button>{t('credit.nav.profiles')} →</Button>
      </Link>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('credit.collections.log')}
      </Typography.Title>
      <CollectionLog customerId={customerId} />
    </Flex>
  );
}
