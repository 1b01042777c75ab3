import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Col, Drawer, Flex, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { productPage } from '../../../../contracts/catalog.ts';
import type { Opportunity } from '../../../../contracts/crm.ts';
import { marketingChannels } from '../../../../contracts/marketing.ts';
import { apiGet } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { markFieldError } from '../../shared/formErrors.ts';
import { formatFenAsYuanInput } from '../../shared/money.ts';
import { useDrawerSize } from '../../shared/responsive.ts';
import { CustomerSelect } from '../finance/CustomerSelect.tsx';
import { useCampaignOptions } from '../marketing/marketing.api.ts';
import { useSaveOpportunity } from './crm.api.ts';
import { fenOrNull, textOrNull, yuanRule } from './crm.labels.tsx';

type ProductPage = z.infer<typeof productPage>;

interface Values {
  customerId?: number;
  name: string;
  amount?: string;
  expectedCloseDate?: string;
  campaignId?: number;
  channel?: string;
  tenderNumber?: string;
  tenderBudget?: string;
  tenderDeadline?: string;
  products: { productId?: number; quantity?: number; amount?: string }[];
}

const FIELD_NAMES = [
  'customerId',
  'name',
  'amount',
  'campaignId',
  'tenderNumber',
  'tenderBudget',
  'tenderDeadline',
];

export function OpportunityFormDrawer({
  opportunity,
  onClose,
}: {
  opportunity?: Opportunity;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveOpportunity();
  const campaigns = useCampaignOptions();
  const size = useDrawerSize(640);
  const products = useQuery({
    queryKey: ['crm', 'product-options'],
    queryFn: ({ signal }) => apiGet<ProductPage>('/api/products', { signal, query: { pageSize: 500 } }),
    staleTime: 5 * 60_000,
  });

  async function submit(values: Values) {
    const body = {
      name: values.name.trim(),
      amountFen: fenOrNull(values.amount) ?? 0,
      expectedCloseDate: textOrNull(values.expectedCloseDate),
      campaignId: values.campaignId ?? null,
      channel: (values.channel ?? null) as Opportunity['channel'],
      tenderNumber: textOrNull(values.tenderNumber),
      tenderBudgetFen: fenOrNull(values.tenderBudget),
      tenderDeadline: textOrNull(values.tenderDeadline),
      products: values.products
        .filter((p) => p.productId)
        .map((p) => ({
          productId: p.productId!,
          quantity: p.quantity ?? 1,
          amountFen: fenOrNull(p.amount) ?? 0,
        })),
    };
    try {
      if (opportunity)
        await save.mutateAsync({ id: opportunity.id, input: { version: opportunity.version, ...body } });
      else await save.mutateAsync({ input: { customerId: values.customerId ?? 0, ...body } });
      onClose();
    } catch (error) {
      markFieldError(form, error, FIELD_NAMES, { amountFen: 'amount', tenderBudgetFen: 'tenderBudget' });
    }
  }

  const yuan = (fen: number | null) => (fen === null ? '' : formatFenAsYuanInput(fen));
  return (
    <Drawer
      open
      size={size}
      title={opportunity ? t('crm.opportunities.edit') : t('crm.opportunities.new')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="opportunity-save"
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
        initialValues={{
          customerId: opportunity?.customerId,
          name: opportunity?.name ?? '',
          amount: yuan(opportunity?.amountFen ?? null),
          expectedCloseDate: opportunity?.expectedCloseDate ?? '',
          campaignId: opportunity?.campaignId ?? undefined,
          channel: opportunity?.channel ?? undefined,
          tenderNumber: opportunity?.tenderNumber ?? '',
          tenderBudget: yuan(opportunity?.tenderBudgetFen ?? null),
          tenderDeadline: opportunity?.tenderDeadline ?? '',
          products: (opportunity?.products ?? []).map((p) => ({
            productId: p.productId,
            quantity: p.quantity,
            amount: yuan(p.amountFen),
          })),
        }}
      >
        <Row gutter={12}>
          <Col span={24}>
            <Form.Item
              name="customerId"
              label={t('crm.opportunities.fields.customer')}
              rules={[{ required: true }]}
            >
              <CustomerSelect testId="opportunity-customer" disabled={opportunity !== undefined} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('crm.opportunities.fields.name')}
              rules={[{ required: true, max: 200 }]}
            >
              <Input data-testid="opportunity-name" />
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
          <Col xs={24} sm={12}>
            <Form.Item name="campaignId" label={t('crm.opportunities.fields.campaign')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="channel" label={t('crm.opportunities.fields.channel')}>
              <Select
                allowClear
                options={marketingChannels.map((value) => ({
                  value,
                  label: t(`marketing.campaigns.channels.${value}`),
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('crm.opportunities.tender')}</Typography.Title>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="tenderNumber" label={t('crm.opportunities.fields.tenderNumber')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="tenderBudget"
              label={t('crm.opportunities.fields.tenderBudget')}
              rules={[yuanRule]}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="tenderDeadline" label={t('crm.opportunities.fields.tenderDeadline')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('crm.opportunities.products')}</Typography.Title>
        <Form.List name="products">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item
                    name={[field.name, 'productId']}
                    style={{ flex: 1 }}
                    rules={[{ required: true }]}
                  >
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder={t('crm.opportunities.fields.product')}
                      loading={products.isLoading}
                      options={(products.data?.items ?? []).map((p) => ({
                        value: p.id,
                        label: `${p.sku} · ${p.nameZh}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} initialValue={1}>
                    <InputNumber min={1} placeholder={t('crm.opportunities.fields.quantity')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amount']} rules={[yuanRule]}>
                    <Input inputMode="decimal" placeholder="¥" style={{ width: 120 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {t('common.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
