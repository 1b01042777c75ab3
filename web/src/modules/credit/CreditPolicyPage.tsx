import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { type CreditPolicyConfig, factorKeys, grades } from '../../../../contracts/credit.ts';
import { agingBuckets } from '../../../../contracts/finance.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { isApiError } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { formatFenAsYuanInput, parseYuanToFen } from '../../shared/money.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useCreditPolicy, useSaveCreditPolicy } from './credit.api.ts';

/** The form holds the two yuan amounts as text; everything else as in the policy. */
type PolicyForm = Omit<CreditPolicyConfig, 'limitRoundingFen' | 'initialLimitFen' | 'largeOrderFen'> & {
  limitRoundingYuan: string;
  initialLimitYuan: string;
  largeOrderYuan: string;
  reason: string;
};

function toForm(config: CreditPolicyConfig): PolicyForm {
  const { limitRoundingFen, initialLimitFen, largeOrderFen, ...rest } = config;
  return {
    ...rest,
    limitRoundingYuan: formatFenAsYuanInput(limitRoundingFen),
    initialLimitYuan: formatFenAsYuanInput(initialLimitFen),
    largeOrderYuan: formatFenAsYuanInput(largeOrderFen),
    reason: '',
  };
}

const score = { min: 0, max: 100, style: { width: '100%' } };

/** Bands: a list of (threshold, score) rows plus, where the policy has one, the score beyond the last. */
function BandList({
  name,
  threshold,
  thresholdLabel,
  step,
  disabled,
}: {
  name: 'daysPastDue' | 'utilisation' | 'relationshipAge' | 'orderStability';
  threshold: string;
  thresholdLabel: string;
  step: number;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name={[name, 'bands']}>
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="baseline">
              <Form.Item name={[field.name, threshold]} label={thresholdLabel} rules={[{ required: true }]}>
                <InputNumber min={0} step={step} disabled={disabled} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'score']}
                label={t('credit.fields.factorScore')}
                rules={[{ required: true }]}
              >
                <InputNumber {...score} disabled={disabled} />
              </Form.Item>
              {!disabled && fields.length > 1 && (
                <Button icon={<DeleteOutlined />} type="text" onClick={() => remove(field.name)} />
              )}
            </Flex>
          ))}
          {!disabled && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ [threshold]: 0, score: 0 })}>
              {t('credit.policy.addRow')}
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  );
}

export function CreditPolicyPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const policy = useCreditPolicy();
  const save = useSaveCreditPolicy();
  const [form] = Form.useForm<PolicyForm>();
  const canEdit = user.permissions.includes('credit:manage');
  const disabled = !canEdit;

  if (policy.isLoading) return <Skeleton active />;
  if (!policy.data) return <ErrorAlert error={policy.error} />;
  const current = policy.data;

  async function submit(values: PolicyForm) {
    const { limitRoundingYuan, initialLimitYuan, largeOrderYuan, reason, ...rest } = values;
    const limitRoundingFen = parseYuanToFen(limitRoundingYuan);
    const initialLimitFen = parseYuanToFen(initialLimitYuan);
    const largeOrderFen = parseYuanToFen(largeOrderYuan);
    if (limitRoundingFen === null || initialLimitFen === null || largeOrderFen === null) return;
    try {
      await save.mutateAsync({
        version: current.version,
        reason: reason.trim(),
        config: { ...rest, limitRoundingFen, initialLimitFen, largeOrderFen },
      });
      void message.success(t('credit.policy.saved'));
      form.setFieldValue('reason', '');
    } catch {
      // Shown above the form, with every problem the server found.
    }
  }

  const problems =
    isApiError(save.error) && Array.isArray(save.error.details?.problems)
      ? (save.error.details.problems as string[])
      : [];
  const yuanRule = {
    validator: (_rule: unknown, value: string) =>
      parseYuanToFen(String(value ?? '')) === null
        ? Promise.reject(new Error(t('credit.limitRequest.amountInvalid')))
        : Promise.resolve(),
  };

  return (
    <Card
      title={
        <Flex gap={8} align="baseline" wrap>
          {t('credit.policy.title')}
          <Typography.Text type="secondary">
            {t('credit.policy.version', { version: current.version })}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Typography.Text type="secondary">
          {t('credit.policy.savedBy', {
            name: current.createdByName ?? 'system',
            at: formatDateTime(current.createdAt, lang),
          })}
        </Typography.Text>
      }
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      {!canEdit && (
        <Alert type="info" showIcon title={t('credit.policy.readOnly')} style={{ marginBottom: 16 }} />
      )}
      <ErrorAlert error={save.error} style={{ marginBottom: 8 }} />
      {problems.length > 0 && (
        <ul data-testid="credit-policy-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <Form<PolicyForm>
        form={form}
        layout="vertical"
        initialValues={toForm(current.config)}
        key={current.version}
        onFinish={submit}
        disabled={disabled}
        data-testid="credit-policy-form"
      >
        <Divider titlePlacement="start">{t('credit.policy.weights')}</Divider>
        <Row gutter={12}>
          {factorKeys.map((factor) => (
            <Col key={factor} xs={12} md={6} lg={3}>
              <Form.Item
                name={['weights', factor]}
                label={t(`credit.factors.${factor}`)}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={12} md={6} lg={3}>
            <Form.Item
              name="neutralScore"
              label={t('credit.policy.neutralScore')}
              rules={[{ required: true }]}
            >
              <InputNumber {...score} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.daysPastDue')}</Divider>
            <BandList
              name="daysPastDue"
              threshold="upToDays"
              thresholdLabel="≤ d"
              step={1}
              disabled={disabled}
            />
            <Form.Item name={['daysPastDue', 'otherwise']} label={t('credit.policy.otherwise')}>
              <InputNumber {...score} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.utilisation')}</Divider>
            <BandList
              name="utilisation"
              threshold="upToRatio"
              thresholdLabel="≤"
              step={0.05}
              disabled={disabled}
            />
            <Form.Item name={['utilisation', 'otherwise']} label={t('credit.policy.otherwise')}>
              <InputNumber {...score} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.relationshipAge')}</Divider>
            <BandList
              name="relationshipAge"
              threshold="fromYears"
              thresholdLabel="≥ y"
              step={1}
              disabled={disabled}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.orderStability')}</Divider>
            <BandList
              name="orderStability"
              threshold="upToCv"
              thresholdLabel="CV ≤"
              step={0.1}
              disabled={disabled}
            />
            <Form.Item name={['orderStability', 'otherwise']} label={t('credit.policy.otherwise')}>
              <InputNumber {...score} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.qualification')}</Divider>
            <Row gutter={8}>
              {(['allValid', 'expiringSoon', 'expired'] as const).map((key) => (
                <Col span={8} key={key}>
                  <Form.Item name={['qualification', key]} label={t(`credit.policy.${key}`)}>
                    <InputNumber {...score} />
                  </Form.Item>
                </Col>
              ))}
              <Col span={8}>
                <Form.Item
                  name={['qualification', 'expiringWithinDays']}
                  label={t('credit.policy.expiringWithinDays')}
                >
                  <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Col>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.badDebt')}</Divider>
            <Row gutter={8}>
              {(['none', 'any'] as const).map((key) => (
                <Col span={8} key={key}>
                  <Form.Item name={['badDebt', key]} label={t(`credit.policy.${key}`)}>
                    <InputNumber {...score} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Col>
        </Row>
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.gradeBounds')}</Divider>
            <Row gutter={8}>
              {(['A', 'B', 'C', 'D'] as const).map((g) => (
                <Col span={6} key={g}>
                  <Form.Item name={['gradeBounds', g]} label={`${g} ≥`}>
                    <InputNumber {...score} step={0.01} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Col>
          <Col xs={24} lg={12}>
            <Divider titlePlacement="start">{t('credit.policy.gradeMultipliers')}</Divider>
            <Row gutter={8}>
              {grades.map((g) => (
                <Col span={4} key={g}>
                  <Form.Item name={['gradeMultipliers', g]} label={g}>
                    <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </Col>
        </Row>
        <Row gutter={24}>
          <Col xs={24} md={12}>
            <Form.Item name="limitRoundingYuan" label={t('credit.policy.limitRounding')} rules={[yuanRule]}>
              <Input prefix="¥" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="initialLimitYuan" label={t('credit.policy.initialLimit')} rules={[yuanRule]}>
              <Input prefix="¥" inputMode="decimal" data-testid="credit-policy-initial-limit" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="largeOrderYuan"
              label={t('credit.policy.largeOrder')}
              tooltip={t('credit.policy.largeOrderHelp')}
              rules={[yuanRule]}
            >
              <Input prefix="¥" inputMode="decimal" data-testid="credit-policy-large-order" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('credit.policy.ecl')}</Divider>
        <Form.List name="eclMatrix">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'buckets']}
                    label={t('credit.policy.buckets')}
                    rules={[{ required: true }]}
                    style={{ minWidth: 260 }}
                  >
                    <Select
                      mode="multiple"
                      options={agingBuckets.map((b) => ({ value: b, label: t(`finance.agingBuckets.${b}`) }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'lossRate']}
                    label={t('credit.policy.lossRate')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber min={0} max={1} step={0.01} />
                  </Form.Item>
                  {canEdit && fields.length > 1 && (
                    <Button icon={<DeleteOutlined />} type="text" onClick={() => remove(field.name)} />
                  )}
                </Flex>
              ))}
              {canEdit && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ buckets: [], lossRate: 0 })}
                >
                  {t('credit.policy.addRow')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
        {canEdit && (
          <>
            <Divider />
            <Form.Item
              name="reason"
              label={t('credit.policy.reason')}
              rules={[
                { required: true, whitespace: true, min: 2, max: 500, message: t('credit.policy.reason') },
              ]}
            >
              <Input.TextArea rows={2} maxLength={500} data-testid="credit-policy-reason" />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="credit-policy-save"
            >
              {t('credit.policy.save')}
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}
