import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  approverRoles,
  documentTypes,
  stepModes,
  type TestPolicyResponse,
} from '../../../../contracts/workflow.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { RegionTreeMultiSelect, RegionTreeSelect } from '../regions/index.ts';
import { PeopleSelect } from './PeopleSelect.tsx';
import {
  type DocumentType,
  usePolicy,
  usePolicyVersions,
  useSavePolicy,
  useTestPolicy,
} from './workflow.api.ts';
import {
  definitionToForm,
  formToDefinition,
  type PolicyForm,
  percentToFraction,
  yuanToFen,
} from './workflow.rules.ts';

const conditionFields = [
  'amount',
  'discount',
  'creditGrade',
  'productClass',
  'customerType',
  'region',
  'tag',
] as const;
const grades = ['A', 'B', 'C', 'D', 'E'];
const customerTypes = ['hospital', 'clinic', 'distributor', 'agent'] as const;

type NamePath = (string | number)[];

function useOptions() {
  const { t } = useTranslation();
  return {
    roles: approverRoles.map((role) => ({ value: role, label: t(`workflow.roles.${role}`) })),
    grades: grades.map((g) => ({ value: g, label: g })),
    classes: [1, 2, 3].map((c) => ({
      value: c,
      label: t(`common.deviceClasses.${c}` as 'common.deviceClasses.1'),
    })),
    customerTypes: customerTypes.map((c) => ({ value: c, label: t(`workflow.customerTypes.${c}`) })),
  };
}

/** The inputs of one condition, by its field. */
function ConditionInputs({
  form,
  abs,
  rel,
}: {
  form: FormInstance<PolicyForm>;
  abs: NamePath;
  rel: NamePath;
}) {
  const { t } = useTranslation();
  const options = useOptions();
  const field = Form.useWatch([...abs, 'field'] as never, form) as
    | (typeof conditionFields)[number]
    | undefined;
  if (field === 'amount' || field === 'discount') {
    const bound = (which: 'min' | 'max') => (
      <Space.Compact>
        <Form.Item name={[...rel, which, 'value']} noStyle>
          <InputNumber
            placeholder={t(`workflow.policies.${which}`)}
            min={0}
            max={field === 'discount' ? 100 : undefined}
            precision={2}
            stringMode
            style={{ width: 150 }}
            data-testid={`condition-${which}`}
          />
        </Form.Item>
        <Form.Item name={[...rel, which, 'inclusive']} valuePropName="checked" noStyle initialValue={true}>
          <Checkbox style={{ marginInlineStart: 8, alignSelf: 'center' }}>
            {t('workflow.policies.inclusive')}
          </Checkbox>
        </Form.Item>
      </Space.Compact>
    );
    return (
      <Flex gap={8} wrap align="center">
        {bound('min')}
        <span>–</span>
        {bound('max')}
      </Flex>
    );
  }
  const select = (opts: { value: string | number; label: string }[]) => (
    <Form.Item name={[...rel, 'in']} noStyle>
      <Select mode="multiple" options={opts} style={{ minWidth: 220 }} />
    </Form.Item>
  );
  switch (field) {
    case 'creditGrade':
      return select(options.grades);
    case 'productClass':
      return select(options.classes);
    case 'customerType':
      return select(options.customerTypes);
    case 'region':
      return (
        <Form.Item name={[...rel, 'in']} noStyle>
          <RegionTreeMultiSelect style={{ minWidth: 240 }} />
        </Form.Item>
      );
    case 'tag':
      return (
        <Form.Item name={[...rel, 'in']} noStyle>
          <Select mode="tags" style={{ minWidth: 220 }} />
        </Form.Item>
      );
    default:
      return null;
  }
}

function ApproverRow({ form, abs, rel }: { form: FormInstance<PolicyForm>; abs: NamePath; rel: NamePath }) {
  const { t } = useTranslation();
  const options = useOptions();
  const kind = Form.useWatch([...abs, 'kind'] as never, form) as 'role' | 'user' | undefined;
  return (
    <Flex gap={8} wrap style={{ flex: 1 }}>
      <Form.Item name={[...rel, 'kind']} noStyle initialValue="role">
        <Select
          style={{ width: 110 }}
          options={(['role', 'user'] as const).map((k) => ({
            value: k,
            label: t(`workflow.policies.kinds.${k}`),
          }))}
        />
      </Form.Item>
      {kind === 'user' ? (
        <Form.Item name={[...rel, 'userId']} noStyle rules={[{ required: true }]}>
          <PeopleSelect />
        </Form.Item>
      ) : (
        <>
          <Form.Item name={[...rel, 'role']} noStyle rules={[{ required: true }]}>
            <Select style={{ width: 150 }} options={options.roles} />
          </Form.Item>
          <Form.Item name={[...rel, 'scope']} noStyle initialValue="company">
            <Select
              style={{ width: 160 }}
              options={(['company', 'region'] as const).map((s) => ({
                value: s,
                label: t(`workflow.policies.scopes.${s}`),
              }))}
            />
          </Form.Item>
        </>
      )}
    </Flex>
  );
}

function StepEditor({
  form,
  abs,
  rel,
  index,
  onRemove,
}: {
  form: FormInstance<PolicyForm>;
  abs: NamePath;
  rel: NamePath;
  index: number;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const mode = Form.useWatch([...abs, 'mode'] as never, form) as string | undefined;
  return (
    <Card
      size="small"
      type="inner"
      title={t('workflow.policies.step', { n: index + 1 })}
      extra={
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('common.delete')}
        />
      }
    >
      <Flex gap={8} wrap>
        <Form.Item name={[...rel, 'name']} label={t('workflow.policies.stepName')} style={{ minWidth: 180 }}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name={[...rel, 'mode']} label={t('workflow.policies.mode')} initialValue="single">
          <Select
            style={{ width: 200 }}
            options={stepModes.map((m) => ({
              value: m,
              label: t(`workflow.approval.modes.${m}`, { required: 'N', total: 'M' }),
            }))}
          />
        </Form.Item>
        {mode === 'n_of_m' && (
          <Form.Item
            name={[...rel, 'required']}
            label={t('workflow.policies.required')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={20} />
          </Form.Item>
        )}
      </Flex>
      <Typography.Text type="secondary">{t('workflow.policies.approvers')}</Typography.Text>
      <Form.List name={[...rel, 'approvers']}>
        {(approvers, { add, remove }) => (
          <Flex vertical gap={8} style={{ marginTop: 8 }}>
            {approvers.map((approver) => (
              <Flex key={approver.key} gap={8} align="center">
                <ApproverRow form={form} abs={[...abs, 'approvers', approver.name]} rel={[approver.name]} />
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(approver.name)}
                  disabled={mode === 'single' && approvers.length === 1}
                  aria-label={t('common.delete')}
                />
              </Flex>
            ))}
            {(mode !== 'single' || approvers.length === 0) && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ kind: 'role', scope: 'company' })}
              >
                {t('workflow.policies.addApprover')}
              </Button>
            )}
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}

function RuleEditor({
  form,
  ruleName,
  index,
  count,
  onRemove,
  onMove,
}: {
  form: FormInstance<PolicyForm>;
  ruleName: number;
  index: number;
  count: number;
  onRemove: () => void;
  onMove: (to: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid={`rule-${index}`}
      title={t('workflow.policies.rule', { n: index + 1 })}
      extra={
        <Space>
          <Button
            type="text"
            icon={<ArrowUpOutlined />}
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
          />
          <Button
            type="text"
            icon={<ArrowDownOutlined />}
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
          />
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            onClick={onRemove}
            aria-label={t('common.delete')}
          />
        </Space>
      }
    >
      <Form.Item
        name={[ruleName, 'name']}
        label={t('workflow.policies.ruleName')}
        rules={[{ required: true, message: t('workflow.validation.required') }]}
      >
        <Input maxLength={100} data-testid={`rule-name-${index}`} />
      </Form.Item>
      <Typography.Text strong>{t('workflow.policies.conditions')}</Typography.Text>
      <Form.List name={[ruleName, 'conditions']}>
        {(conditions, { add, remove }) => (
          <Flex vertical gap={8} style={{ margin: '8px 0 16px' }}>
            {conditions.length === 0 && (
              <Typography.Text type="secondary">{t('workflow.policies.noConditions')}</Typography.Text>
            )}
            {conditions.map((condition) => (
              <Flex key={condition.key} gap={8} wrap align="center">
                <Form.Item name={[condition.name, 'field']} noStyle>
                  <Select
                    style={{ width: 170 }}
                    options={conditionFields.map((f) => ({
                      value: f,
                      label: t(`workflow.policies.fields.${f}`),
                    }))}
                  />
                </Form.Item>
                <ConditionInputs
                  form={form}
                  abs={['rules', ruleName, 'conditions', condition.name]}
                  rel={[condition.name]}
                />
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  onClick={() => remove(condition.name)}
                  aria-label={t('common.delete')}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ field: 'amount' })}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('workflow.policies.addCondition')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Typography.Text strong>{t('workflow.policies.steps')}</Typography.Text>
      <Form.List name={[ruleName, 'steps']}>
        {(steps, { add, remove }) => (
          <Flex vertical gap={8} style={{ marginTop: 8 }}>
            {steps.length === 0 && (
              <Typography.Text type="secondary">{t('workflow.policies.noSteps')}</Typography.Text>
            )}
            {steps.map((step, stepIndex) => (
              <StepEditor
                key={step.key}
                form={form}
                abs={['rules', ruleName, 'steps', step.name]}
                rel={[step.name]}
                index={stepIndex}
                onRemove={() => remove(step.name)}
              />
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() =>
                add({ name: '', mode: 'single', approvers: [{ kind: 'role', scope: 'company' }] })
              }
              style={{ alignSelf: 'flex-start' }}
            >
              {t('workflow.policies.addStep')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}

interface TestForm {
  amount?: string;
  discount?: string;
  creditGrade?: string;
  productClasses?: number[];
  customerType?: string;
  regionId?: number;
  initiatorId?: number;
  tags?: string[];
}

function TestBox({ type, form }: { type: DocumentType; form: FormInstance<PolicyForm> }) {
  const { t } = useTranslation();
  const options = useOptions();
  const test = useTestPolicy(type);
  const [testForm] = Form.useForm<TestForm>();
  const [result, setResult] = useState<TestPolicyResponse | null>(null);

  async function run() {
    const values = testForm.getFieldsValue();
    const response = await test.mutateAsync({
      definition: formToDefinition(form.getFieldsValue(true) as PolicyForm),
      amountFen: yuanToFen(values.amount ?? null),
      regionId: values.regionId ?? null,
      initiatorId: values.initiatorId ?? null,
      attributes: {
        discount: values.discount ? percentToFraction(values.discount) : null,
        creditGrade: (values.creditGrade as 'A') ?? null,
        productClasses: values.productClasses ?? [],
        customerType: (values.customerType as 'hospital') ?? null,
        tags: values.tags ?? [],
      },
    });
    setResult(response);
  }

  return (
    <Card size="small" title={t('workflow.policies.test.title')} data-testid="policy-test">
      <Typography.Paragraph type="secondary">{t('workflow.policies.test.intro')}</Typography.Paragraph>
      <Form form={testForm} layout="vertical" size="small">
        <Form.Item name="amount" label={t('workflow.policies.fields.amount')}>
          <InputNumber min={0} precision={2} stringMode style={{ width: '100%' }} data-testid="test-amount" />
        </Form.Item>
        <Form.Item name="discount" label={t('workflow.policies.fields.discount')}>
          <InputNumber min={0} max={100} precision={2} stringMode style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="creditGrade" label={t('workflow.policies.fields.creditGrade')}>
          <Select allowClear options={options.grades} />
        </Form.Item>
        <Form.Item name="productClasses" label={t('workflow.policies.fields.productClass')}>
          <Select mode="multiple" options={options.classes} />
        </Form.Item>
        <Form.Item name="customerType" label={t('workflow.policies.fields.customerType')}>
          <Select allowClear options={options.customerTypes} />
        </Form.Item>
        <Form.Item name="regionId" label={t('workflow.policies.fields.region')}>
          <RegionTreeSelect allowClear />
        </Form.Item>
        <Form.Item name="initiatorId" label={t('workflow.policies.test.initiator')}>
          <PeopleSelect />
        </Form.Item>
        <Form.Item name="tags" label={t('workflow.policies.fields.tag')}>
          <Select mode="tags" />
        </Form.Item>
        <Button type="primary" onClick={() => void run()} loading={test.isPending} data-testid="test-run">
          {t('workflow.policies.test.run')}
        </Button>
      </Form>
      {test.error && <ErrorAlert error={test.error} style={{ marginTop: 12 }} />}
      {result && (
        <Flex vertical gap={8} style={{ marginTop: 12 }} data-testid="test-result">
          {!result.matched ? (
            <Alert type="warning" showIcon title={t('workflow.policies.test.noMatch')} />
          ) : (
            <>
              <Typography.Text strong>
                {t('workflow.policies.test.matched', { rule: result.ruleName })}
              </Typography.Text>
              {result.steps.length === 0 && (
                <Typography.Text>{t('workflow.policies.test.noApproval')}</Typography.Text>
              )}
              <List
                size="small"
                dataSource={result.steps}
                renderItem={(step, index) => (
                  <List.Item>
                    <Flex vertical>
                      <Typography.Text strong>
                        {index + 1}.{' '}
                        {step.name ||
                          t(`workflow.approval.modes.${step.mode}`, {
                            required: step.required,
                            total: step.approvers.length,
                          })}
                      </Typography.Text>
                      {step.approvers.map((a) => (
                        <Typography.Text
                          key={JSON.stringify(a.approver)}
                          type={a.people.length === 0 ? 'danger' : undefined}
                        >
                          {a.approver.kind === 'role'
                            ? t(`workflow.roles.${a.approver.role}`)
                            : t('workflow.policies.kinds.user')}
                          :{' '}
                          {a.people.map((p) => p.displayName).join('、') ||
                            t('workflow.policies.test.nobody')}
                          {a.isFallback ? `（${t('workflow.policies.test.fallback')}）` : ''}
                        </Typography.Text>
                      ))}
                    </Flex>
                  </List.Item>
                )}
              />
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}

/** /admin/approval-policies: a policy per document type as a form, versioned, with "test this policy". */
export function PolicyEditorPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [type, setType] = useState<DocumentType>('contract');
  const policy = usePolicy(type);
  const versions = usePolicyVersions(type);
  const save = useSavePolicy(type);
  const [form] = Form.useForm<PolicyForm & { note?: string }>();

  useEffect(() => {
    if (policy.data) form.setFieldsValue({ ...definitionToForm(policy.data.definition), note: '' });
  }, [policy.data, form]);

  async function submit() {
    const values = await form.validateFields();
    if (!policy.data) return;
    try {
      const saved = await save.mutateAsync({
        definition: formToDefinition(form.getFieldsValue(true) as PolicyForm),
        note: values.note?.trim() || null,
        baseVersion: policy.data.version,
      });
      void message.success(t('workflow.policies.saved', { version: saved.version }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={isMobile ? 4 : 3} style={{ margin: 0 }}>
        {t('workflow.policies.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('workflow.policies.intro')}</Typography.Text>
      <Flex gap={12} align="center" wrap>
        <Typography.Text>{t('workflow.policies.documentType')}</Typography.Text>
        <Select
          value={type}
          onChange={setType}
          style={{ width: 220 }}
          data-testid="policy-type"
          options={documentTypes.map((d) => ({ value: d, label: t(`workflow.documentTypes.${d}`) }))}
        />
        {policy.data && (
          <Typography.Text type="secondary">
            {t('workflow.policies.version', { version: policy.data.version })}
          </Typography.Text>
        )}
      </Flex>
      {policy.error && <ErrorAlert error={policy.error} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Form form={form} layout="vertical" data-testid="policy-form">
            <Form.List name="rules">
              {(rules, { add, remove, move }) => (
                <Flex vertical gap={12}>
                  {rules.map((rule, index) => (
                    <RuleEditor
                      key={rule.key}
                      form={form}
                      ruleName={rule.name}
                      index={index}
                      count={rules.length}
                      onRemove={() => remove(rule.name)}
                      onMove={(to) => move(index, to)}
                    />
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ name: '', conditions: [], steps: [] })}
                  >
                    {t('workflow.policies.addRule')}
                  </Button>
                </Flex>
              )}
            </Form.List>
            <Divider />
            <Flex gap={16} wrap>
              <Form.Item
                name="reminderHours"
                label={t('workflow.policies.reminderHours')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={8760} />
              </Form.Item>
              <Form.Item
                name="escalationHours"
                label={t('workflow.policies.escalationHours')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} max={8760} />
              </Form.Item>
              <Form.Item
                name="allowAddSigner"
                label={t('workflow.policies.allowAddSigner')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Flex>
            <Form.Item name="note" label={t('workflow.policies.note')}>
              <Input maxLength={500} />
            </Form.Item>
            <Button
              type="primary"
              onClick={() => void submit()}
              loading={save.isPending}
              data-testid="policy-save"
            >
              {t('workflow.policies.save')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <TestBox type={type} form={form} />
            <Card size="small" title={t('workflow.policies.history')}>
              <List
                size="small"
                dataSource={versions.data ?? []}
                renderItem={(v) => (
                  <List.Item>
                    <Flex vertical>
                      <Typography.Text strong>
                        {t('workflow.policies.version', { version: v.version })}
                      </Typography.Text>
                      <Typography.Text type="secondary">
                        {formatDateTime(v.createdAt, lang)} ·{' '}
                        {v.createdBy?.displayName ?? t('workflow.approval.system')}
                        {v.note ? ` · ${v.note}` : ''}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
