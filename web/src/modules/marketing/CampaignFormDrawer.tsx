import { Button, Col, Drawer, Flex, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Campaign, campaignTypes, marketingChannels } from '../../../../contracts/marketing.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { markFieldError } from '../../shared/formErrors.ts';
import { formatFenAsYuanInput } from '../../shared/money.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { fenOrNull, textOrNull, yuanRule } from '../crm/crm.labels.tsx';
import { RegionTreeSelect } from '../regions/index.ts';
import { useSaveCampaign } from './marketing.api.ts';

interface Values {
  code: string;
  name: string;
  type: Campaign['type'];
  channel: Campaign['channel'];
  regionId?: number;
  startsOn: string;
  endsOn: string;
  budget?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  note?: string;
}

const FIELD_NAMES = [
  'code',
  'name',
  'type',
  'channel',
  'regionId',
  'startsOn',
  'endsOn',
  'budget',
  'utmCampaign',
];
/** The channel a new campaign of this type usually runs on. */
const usualChannel: Record<Campaign['type'], Campaign['channel']> = {
  trade_show: 'exhibition',
  academic_meeting: 'academic',
  online_ad: 'search',
  distributor_promotion: 'distributor',
  email: 'email',
};

export function CampaignFormDrawer({ campaign, onClose }: { campaign?: Campaign; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveCampaign();
  const size = useDrawerSize(600);

  async function submit(values: Values) {
    const body = {
      code: values.code.trim(),
      name: values.name.trim(),
      type: values.type,
      channel: values.channel,
      regionId: values.regionId ?? null,
      startsOn: values.startsOn,
      endsOn: values.endsOn,
      budgetFen: fenOrNull(values.budget) ?? 0,
      utmSource: textOrNull(values.utmSource),
      utmMedium: textOrNull(values.utmMedium),
      utmCampaign: textOrNull(values.utmCampaign),
      note: textOrNull(values.note),
    };
    try {
      if (campaign)
        await save.mutateAsync({ id: campaign.id, input: { version: campaign.version, ...body } });
      else await save.mutateAsync({ input: body });
      onClose();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES, { budgetFen: 'budget' });
    }
  }

  return (
    <Drawer
      open
      size={size}
      title={campaign ? t('marketing.campaigns.edit') : t('marketing.campaigns.new')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="campaign-save"
            loading={save.isPending}
            onClick={() => form.submit()}
          >
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={save.error} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed) => {
          if (changed.type && !campaign)
            form.setFieldValue('channel', usualChannel[changed.type as Campaign['type']]);
        }}
        initialValues={{
          code: campaign?.code ?? '',
          name: campaign?.name ?? '',
          type: campaign?.type ?? 'trade_show',
          channel: campaign?.channel ?? 'exhibition',
          regionId: campaign?.regionId ?? undefined,
          startsOn: campaign?.startsOn ?? '',
          endsOn: campaign?.endsOn ?? '',
          budget: campaign ? formatFenAsYuanInput(campaign.budgetFen) : '',
          utmSource: campaign?.utmSource ?? '',
          utmMedium: campaign?.utmMedium ?? '',
          utmCampaign: campaign?.utmCampaign ?? '',
          note: campaign?.note ?? '',
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="code"
              label={t('marketing.campaigns.fields.code')}
              rules={[{ required: true, max: 40 }]}
            >
              <Input data-testid="campaign-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="name"
              label={t('marketing.campaigns.fields.name')}
              rules={[{ required: true, min: 2 }]}
            >
              <Input data-testid="campaign-name" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="type" label={t('marketing.campaigns.fields.type')}>
              <Select
                options={campaignTypes.map((value) => ({
                  value,
                  label: t(`marketing.campaigns.types.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="channel" label={t('marketing.campaigns.fields.channel')}>
              <Select
                options={marketingChannels.map((value) => ({
                  value,
                  label: t(`marketing.campaigns.channels.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="regionId"
              label={t('marketing.campaigns.fields.region')}
              extra={t('marketing.campaigns.national')}
            >
              <RegionTreeSelect allowClear testId="campaign-region" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="budget" label={t('marketing.campaigns.fields.budget')} rules={[yuanRule]}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="startsOn"
              label={t('marketing.campaigns.fields.startsOn')}
              rules={[{ required: true }]}
            >
              <Input type="date" data-testid="campaign-starts" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="endsOn"
              label={t('marketing.campaigns.fields.endsOn')}
              rules={[{ required: true }]}
            >
              <Input type="date" data-testid="campaign-ends" />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="utmSource" label="utm_source">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="utmMedium" label="utm_medium">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item name="utmCampaign" label="utm_campaign">
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('marketing.campaigns.fields.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
