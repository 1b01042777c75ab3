import {
  Alert,
  Button,
  type ButtonProps,
  Checkbox,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { disqualifyReasons, type Lead, leadRatings } from '../../../../contracts/crm.ts';
import { customerTypes, channels as salesChannels } from '../../../../contracts/customers.ts';
import { marketingChannels } from '../../../../contracts/marketing.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { markFieldError } from '../../shared/formErrors.ts';
import { formatFenAsYuanInput } from '../../shared/money.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { useCampaignOptions } from '../marketing/marketing.api.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import { type LeadConversion, useLeadAction, useLeadDuplicates, useSaveLead } from './crm.api.ts';
import { fenOrNull, textOrNull, yuanRule } from './crm.labels.tsx';

interface LeadFormValues {
  contactName: string;
  organization?: string;
  department?: string;
  title?: string;
  phone?: string;
  email?: string;
  regionId?: number;
  campaignId?: number;
  channel?: string;
  interest?: string;
}

const FIELD_NAMES = [
  'contactName',
  'organization',
  'department',
  'title',
  'phone',
  'email',
  'regionId',
  'campaignId',
];

/** New or edit; a field the server masked (张** / 138****5678) is sent back only when changed. */
export function LeadFormDrawer({ lead, onClose }: { lead?: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LeadFormValues>();
  const save = useSaveLead();
  const campaigns = useCampaignOptions();
  const size = useDrawerSize(560);
  const initial: LeadFormValues = {
    contactName: lead?.contactName ?? '',
    organization: lead?.organization ?? '',
    department: lead?.department ?? '',
    title: lead?.title ?? '',
    phone: lead?.phone ?? '',
    email: lead?.email ?? '',
    regionId: lead?.regionId ?? undefined,
    campaignId: lead?.campaignId ?? undefined,
    channel: lead?.channel ?? undefined,
    interest: lead?.interest ?? '',
  };

  async function submit(values: LeadFormValues) {
    const request = {
      contactName: values.contactName.trim(),
      organization: textOrNull(values.organization),
      department: textOrNull(values.department),
      title: textOrNull(values.title),
      phone: textOrNull(values.phone),
      email: textOrNull(values.email),
      regionId: values.regionId ?? null,
      campaignId: values.campaignId ?? null,
      channel: (values.channel ?? null) as Lead['channel'],
      interest: textOrNull(values.interest),
    };
    try {
      if (lead) {
        const before: Record<string, unknown> = {
          ...initial,
          organization: lead.organization,
          department: lead.department,
          title: lead.title,
          phone: lead.phone,
          email: lead.email,
          regionId: lead.regionId,
          campaignId: lead.campaignId,
          channel: lead.channel,
          interest: lead.interest,
        };
        const changes = Object.fromEntries(Object.entries(request).filter(([k, v]) => v !== before[k]));
        await save.mutateAsync({ id: lead.id, input: { version: lead.version, ...changes } });
      } else {
        await save.mutateAsync({ input: { ...request, source: 'manual' } });
      }
      onClose();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES);
    }
  }

  return (
    <Drawer
      open
      size={size}
      title={lead ? t('crm.leads.edit') : t('crm.leads.new')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="lead-save"
            loading={save.isPending}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={save.error} testId="lead-save-error" style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactName"
              label={t('crm.leads.fields.contactName')}
              rules={[{ required: true, max: 100 }]}
            >
              <Input data-testid="lead-contact" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="organization" label={t('crm.leads.fields.organization')} rules={[{ max: 200 }]}>
              <Input data-testid="lead-organization" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="department" label={t('crm.leads.fields.department')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="title" label={t('crm.leads.fields.title')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('crm.leads.fields.phone')}>
              <Input data-testid="lead-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('crm.leads.fields.email')} rules={[{ type: 'email' }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="regionId" label={t('crm.leads.fields.region')} extra={t('crm.leads.ownerHint')}>
              <RegionTreeSelect allowClear limitToScope testId="lead-region" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="campaignId" label={t('crm.leads.fields.campaign')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                loading={campaigns.isLoading}
                options={(campaigns.data?.items ?? []).map((c) => ({
                  value: c.id,
                  label: `${c.code} · ${c.name}`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="channel" label={t('crm.leads.fields.channel')}>
              <Select
                allowClear
                options={marketingChannels.map((value) => ({
                  value,
                  label: t(`marketing.campaigns.channels.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="interest" label={t('crm.leads.fields.interest')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}

export function QualifyLeadModal({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ rating: Lead['rating']; estimatedValue?: string; note?: string }>();
  const action = useLeadAction();
  return (
    <Modal
      open
      title={t('crm.leads.qualifyTitle')}
      onCancel={onClose}
      okButtonProps={{ loading: action.isPending, 'data-testid': 'lead-qualify-ok' } as ButtonProps}
      onOk={() => form.submit()}
    >
      <ErrorAlert error={action.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          rating: lead.rating ?? 'warm',
          estimatedValue: lead.estimatedValueFen === null ? '' : formatFenAsYuanInput(lead.estimatedValueFen),
        }}
        onFinish={async (values) => {
          await action.mutateAsync({
            id: lead.id,
            action: 'qualify',
            input: {
              version: lead.version,
              rating: values.rating ?? 'warm',
              estimatedValueFen: fenOrNull(values.estimatedValue),
              note: textOrNull(values.note),
            },
          });
          onClose();
        }}
      >
        <Form.Item name="rating" label={t('crm.leads.fields.rating')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={leadRatings.map((value) => ({ value, label: t(`crm.leads.ratings.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="estimatedValue" label={t('crm.leads.fields.estimatedValue')} rules={[yuanRule]}>
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item name="note" label={t('crm.leads.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function DisqualifyLeadModal({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: (typeof disqualifyReasons)[number]; note?: string }>();
  const action = useLeadAction();
  return (
    <Modal
      open
      title={t('crm.leads.disqualifyTitle')}
      onCancel={onClose}
      okButtonProps={{ danger: true, loading: action.isPending }}
      onOk={() => form.submit()}
    >
      <ErrorAlert error={action.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          await action.mutateAsync({
            id: lead.id,
            action: 'disqualify',
            input: { version: lead.version, reason: values.reason, note: textOrNull(values.note) },
          });
          onClose();
        }}
      >
        <Form.Item name="reason" label={t('crm.leads.reason')} rules={[{ required: true }]}>
          <Select
            options={disqualifyReasons.map((value) => ({
              value,
              label: t(`crm.leads.disqualifyReasons.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('crm.leads.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ConvertValues {
  target: 'existing' | 'new';
  customerId?: number;
  name?: string;
  code?: string;
  type: (typeof customerTypes)[number];
  channel: (typeof salesChannels)[number];
  withOpportunity: boolean;
  opportunityName?: string;
  amount?: string;
  expectedCloseDate?: string;
}

export function ConvertLeadModal({
  lead,
  onClose,
  onConverted,
}: {
  lead: Lead;
  onClose: () => void;
  onConverted: (result: LeadConversion) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConvertValues>();
  const action = useLeadAction();
  const target = Form.useWatch('target', form) ?? 'new';
  const withOpportunity = Form.useWatch('withOpportunity', form) ?? true;
  return (
    <Modal
      open
      width={620}
      title={t('crm.leads.convertTitle', { code: lead.code })}
      onCancel={onClose}
      okText={t('crm.leads.convert')}
      okButtonProps={{ loading: action.isPending, 'data-testid': 'lead-convert-ok' } as ButtonProps}
      onOk={() => form.submit()}
    >
      <Alert type="info" showIcon title={t('crm.leads.convertHint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={action.error} style={{ marginBottom: 12 }} />
      <Form<ConvertValues>
        form={form}
        layout="vertical"
        initialValues={{
          target: 'new',
          name: lead.organization ?? '',
          type: 'hospital',
          channel: 'direct',
          withOpportunity: true,
          opportunityName: lead.organization ? `${lead.organization}` : '',
          amount: lead.estimatedValueFen === null ? '' : formatFenAsYuanInput(lead.estimatedValueFen),
        }}
        onFinish={async (values) => {
          const result = (await action.mutateAsync({
            id: lead.id,
            action: 'convert',
            input: {
              version: lead.version,
              customerId: values.target === 'existing' ? (values.customerId ?? null) : null,
              newCustomer:
                values.target === 'new'
                  ? {
                      name: textOrNull(values.name) ?? undefined,
                      code: textOrNull(values.code) ?? undefined,
                      type: values.type,
                      channel: values.channel,
                    }
                  : null,
              opportunity: values.withOpportunity
                ? {
                    name: (values.opportunityName ?? '').trim() || lead.code,
                    amountFen: fenOrNull(values.amount) ?? 0,
                    expectedCloseDate: textOrNull(values.expectedCloseDate),
                  }
                : null,
            },
          })) as LeadConversion;
          onConverted(result);
        }}
      >
        <Form.Item name="target">
          <Radio.Group
            options={[
              { value: 'new', label: t('crm.leads.newCustomer') },
              { value: 'existing', label: t('crm.leads.existingCustomer') },
            ]}
          />
        </Form.Item>
        {target === 'existing' ? (
          <Form.Item name="customerId" label={t('crm.leads.fields.customer')} rules={[{ required: true }]}>
            <CustomerSelect testId="lead-convert-customer" />
          </Form.Item>
        ) : (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="name" label={t('customers.fields.name')} rules={[{ required: true, min: 2 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="code" label={t('customers.fields.code')} extra={`C-${lead.code}`}>
                <Input placeholder={`C-${lead.code}`} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="type" label={t('customers.fields.type')}>
                <Select
                  options={customerTypes.map((value) => ({ value, label: t(`customers.types.${value}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="channel" label={t('customers.fields.channel')}>
                <Select
                  options={salesChannels.map((value) => ({ value, label: t(`customers.channels.${value}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="withOpportunity" valuePropName="checked">
          <Checkbox>{t('crm.leads.createOpportunity')}</Checkbox>
        </Form.Item>
        {withOpportunity && (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="opportunityName"
                label={t('crm.leads.opportunityName')}
                rules={[{ required: true }]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="amount" label={t('crm.opportunities.fields.amount')} rules={[yuanRule]}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="expectedCloseDate" label={t('crm.opportunities.fields.expectedClose')}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
        )}
      </Form>
    </Modal>
  );
}

export function LeadDuplicatesDrawer({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const duplicates = useLeadDuplicates(lead.id);
  const [size] = useState(480);
  const data = duplicates.data;
  const empty = data && data.leads.length === 0 && data.customers.length === 0;
  return (
    <Drawer open size={size} title={`${t('crm.leads.duplicates')} · ${lead.code}`} onClose={onClose}>
      <ErrorAlert error={duplicates.error} />
      {empty && <Empty description={t('crm.leads.noDuplicates')} />}
      {data && data.customers.length > 0 && (
        <List
          header={<Typography.Text strong>{t('nav.customers')}</Typography.Text>}
          dataSource={data.customers}
          renderItem={(c) => (
            <List.Item extra={<Tag>{t(`crm.leads.duplicateReasons.${c.reason}`)}</Tag>}>
              <a href={`/customers/${c.id}`}>{`${c.code} · ${c.name}`}</a>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {Math.round(c.similarity * 100)}%
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      {data && data.leads.length > 0 && (
        <List
          header={<Typography.Text strong>{t('crm.leads.title')}</Typography.Text>}
          dataSource={data.leads}
          renderItem={(l) => (
            <List.Item extra={<Tag>{t(`crm.leads.duplicateReasons.${l.reason}`)}</Tag>}>
              {`${l.code} · ${l.contactName}${l.organization ? ` · ${l.organization}` : ''}`}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {t(`crm.leads.statuses.${l.status}`)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Drawer>
  );
}
