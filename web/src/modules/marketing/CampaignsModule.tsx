import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Result,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router-dom';
import {
  attributionModelNames,
  type Campaign,
  campaignCostCategories,
  campaignTypes,
  marketingChannels,
} from '../../../../contracts/marketing.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { NotFoundPage } from '../../app/status.tsx';
import { isApiError } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { businessToday, formatMoney, formatPercent } from '../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../shared/list.ts';
import { parseYuanToFen } from '../../shared/money.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { SearchInput } from '../../shared/SearchInput.tsx';
import { CampaignFormDrawer } from './CampaignFormDrawer.tsx';
import {
  useAttribution,
  useCampaign,
  useCampaignCosts,
  useCampaignList,
  useCostMutations,
} from './marketing.api.ts';

const FILTER_KEYS = ['type', 'channel'] as const;

function CampaignListPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('campaigns:write');
  const list = useListState(FILTER_KEYS);
  const campaigns = useCampaignList(list.query);
  const [creating, setCreating] = useState(false);
  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<Campaign> = [
    { ...sortable('code'), title: t('marketing.campaigns.fields.code'), dataIndex: 'code', width: 140 },
    {
      ...sortable('name'),
      title: t('marketing.campaigns.fields.name'),
      width: 280,
      render: (_v, c) => <Link to={`/campaigns/${c.id}`}>{c.name}</Link>,
    },
    {
      ...sortable('type'),
      title: t('marketing.campaigns.fields.type'),
      width: 120,
      render: (_v, c) => <Tag>{t(`marketing.campaigns.types.${c.type}`)}</Tag>,
    },
    {
      ...sortable('channel'),
      title: t('marketing.campaigns.fields.channel'),
      width: 100,
      render: (_v, c) => t(`marketing.campaigns.channels.${c.channel}`),
    },
    {
      key: 'region',
      title: t('marketing.campaigns.fields.region'),
      width: 100,
      render: (_v, c) => c.regionName ?? t('marketing.campaigns.national'),
    },
    {
      ...sortable('startsOn'),
      title: t('marketing.campaigns.fields.period'),
      width: 200,
      render: (_v, c) => `${c.startsOn} ~ ${c.endsOn}`,
    },
    {
      ...sortable('budgetFen'),
      title: t('marketing.campaigns.fields.budget'),
      width: 130,
      align: 'right',
      render: (_v, c) => formatMoney(c.budgetFen, lang, { compact: true }),
    },
    {
      key: 'cost',
      title: t('marketing.campaigns.fields.cost'),
      width: 130,
      align: 'right',
      render: (_v, c) => formatMoney(c.costFen, lang, { compact: true }),
    },
    {
      key: 'leads',
      title: t('marketing.campaigns.fields.leads'),
      dataIndex: 'leads',
      width: 80,
      align: 'right',
    },
    {
      key: 'touches',
      title: t('marketing.campaigns.fields.touches'),
      dataIndex: 'touches',
      width: 80,
      align: 'right',
    },
  ];

  return (
    <Card
      title={t('marketing.campaigns.title')}
      extra={
        <Flex gap={8}>
          <ExportButton
            path="/api/campaigns/export"
            query={list.query}
            baseName="campaigns"
            testId="campaigns-export"
            iconOnly={isMobile}
          />
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="campaign-new"
              onClick={() => setCreating(true)}
            >
              {isMobile ? null : t('marketing.campaigns.new')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Flex gap={8} wrap>
          <SearchInput
            testId="campaigns-search"
            value={list.q}
            placeholder={t('marketing.campaigns.searchPlaceholder')}
            onSearch={(q) => list.update({ q })}
            style={{ width: isMobile ? '100%' : 260 }}
          />
          <Select
            allowClear
            placeholder={t('marketing.campaigns.fields.type')}
            value={list.filters.type}
            onChange={(type?: string) => list.update({ filters: { type } })}
            options={campaignTypes.map((value) => ({
              value,
              label: t(`marketing.campaigns.types.${value}`),
            }))}
            style={{ width: 160 }}
          />
          <Select
            allowClear
            placeholder={t('marketing.campaigns.fields.channel')}
            value={list.filters.channel}
            onChange={(channel?: string) => list.update({ filters: { channel } })}
            options={marketingChannels.map((value) => ({
              value,
              label: t(`marketing.campaigns.channels.${value}`),
            }))}
            style={{ width: 140 }}
          />
        </Flex>
        <ErrorAlert error={campaigns.error} />
        <Table<Campaign>
          data-testid="campaigns-table"
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={campaigns.data?.items ?? []}
          loading={campaigns.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: campaigns.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t('common.total', { count: total }),
            simple: isMobile,
          }}
          onChange={(pagination, _f, sorter, extra) => {
            if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
            else if (extra.action === 'paginate')
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
          }}
        />
      </Flex>
      {creating && <CampaignFormDrawer onClose={() => setCreating(false)} />}
    </Card>
  );
}

function CostModal({ campaignId, onClose }: { campaignId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ costDate: string; category: string; amount: string; note?: string }>();
  const { add } = useCostMutations(campaignId);
  return (
    <Modal
      open
      title={t('marketing.campaigns.addCost')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: add.isPending }}
    >
      <ErrorAlert error={add.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ costDate: businessToday(), category: 'booth' }}
        onFinish={async (values) => {
          const text = values.amount.trim();
          const negative = text.startsWith('-');
          const fen = parseYuanToFen(negative ? text.slice(1) : text) ?? 0;
          await add.mutateAsync({
            costDate: values.costDate,
            category: values.category as (typeof campaignCostCategories)[number],
            amountFen: negative ? -fen : fen,
            note: values.note?.trim() || null,
          });
          onClose();
        }}
      >
        <Form.Item
          name="costDate"
          label={t('marketing.campaigns.fields.costDate')}
          rules={[{ required: true }]}
        >
          <Input type="date" />
        </Form.Item>
        <Form.Item name="category" label={t('marketing.campaigns.fields.category')}>
          <Select
            options={campaignCostCategories.map((value) => ({
              value,
              label: t(`marketing.campaigns.categories.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('marketing.campaigns.fields.amount')}
          rules={[
            { required: true },
            {
              validator: (_r, value: string | undefined) => {
                const text = (value ?? '').trim().replace(/^-/, '');
                const fen = parseYuanToFen(text);
                return fen !== null && fen !== 0 ? Promise.resolve() : Promise.reject(new Error('¥ ≠ 0'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" data-testid="cost-amount" />
        </Form.Item>
        <Form.Item name="note" label={t('marketing.campaigns.fields.note')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CampaignDetailPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const canWrite = user.permissions.includes('campaigns:write');
  const id = Number(useParams().id);
  const campaign = useCampaign(id);
  const costs = useCampaignCosts(id);
  const { remove } = useCostMutations(id);
  const today = businessToday();
  const results = useAttribution(
    {
      from: `${Number(today.slice(0, 4)) - 2}${today.slice(4)}`,
      to: today,
      campaignId: id,
    },
    user.permissions.includes('marketing:analytics'),
  );
  const [editing, setEditing] = useState(false);
  const [addingCost, setAddingCost] = useState(false);

  if (campaign.error) {
    if (isApiError(campaign.error) && campaign.error.status === 404) {
      return <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFound')} />;
    }
    return <ErrorAlert error={campaign.error} />;
  }
  const c = campaign.data;
  if (!c) return <Card loading />;
  const row = results.data?.campaigns.find((r) => r.campaignId === id);
  const used = c.budgetFen > 0 ? Math.round((c.costFen / c.budgetFen) * 100) : 0;

  return (
    <Flex vertical gap={16} data-testid="campaign-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/campaigns')}
            aria-label={t('common.back')}
          />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.name}
          </Typography.Title>
          <Tag>{t(`marketing.campaigns.types.${c.type}`)}</Tag>
        </Flex>
        {canWrite && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('marketing.campaigns.fields.code')}>{c.code}</Descriptions.Item>
              <Descriptions.Item label={t('marketing.campaigns.fields.channel')}>
                {t(`marketing.campaigns.channels.${c.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('marketing.campaigns.fields.region')}>
                {c.regionName ?? t('marketing.campaigns.national')}
              </Descriptions.Item>
              <Descriptions.Item
                label={t('marketing.campaigns.fields.period')}
              >{`${c.startsOn} ~ ${c.endsOn}`}</Descriptions.Item>
              <Descriptions.Item label={t('marketing.campaigns.fields.budget')}>
                {formatMoney(c.budgetFen, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('marketing.campaigns.fields.cost')}>
                {formatMoney(c.costFen, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('marketing.campaigns.fields.leads')}>{c.leads}</Descriptions.Item>
              <Descriptions.Item label={t('marketing.campaigns.fields.touches')}>
                {c.touches}
              </Descriptions.Item>
              <Descriptions.Item label="UTM" span={2}>
                {[c.utmSource, c.utmMedium, c.utmCampaign].filter(Boolean).join(' / ') || '—'}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary">{t('marketing.campaigns.budgetUsed')}</Typography.Text>
            <Progress percent={used} status={used > 100 ? 'exception' : 'normal'} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={t('marketing.campaigns.costs')}
            extra={
              canWrite && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  data-testid="cost-new"
                  onClick={() => setAddingCost(true)}
                >
                  {t('marketing.campaigns.addCost')}
                </Button>
              )
            }
          >
            <ErrorAlert error={costs.error} />
            <Table
              rowKey="id"
              size="small"
              pagination={{ pageSize: 8 }}
              dataSource={costs.data?.items ?? []}
              loading={costs.isLoading}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    {t('marketing.campaigns.totalCost')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {formatMoney(costs.data?.totalFen ?? 0, lang)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
              columns={[
                { key: 'date', title: t('marketing.campaigns.fields.costDate'), dataIndex: 'costDate' },
                {
                  key: 'category',
                  title: t('marketing.campaigns.fields.category'),
                  render: (_v, k) => t(`marketing.campaigns.categories.${k.category}`),
                },
                {
                  key: 'amount',
                  title: t('marketing.campaigns.fields.amount'),
                  align: 'right',
                  render: (_v, k) => formatMoney(k.amountFen, lang),
                },
                ...(canWrite
                  ? [
                      {
                        key: 'delete',
                        width: 40,
                        render: (_v: unknown, k: { id: number }) => (
                          <Popconfirm
                            title={t('marketing.campaigns.deleteCost')}
                            onConfirm={() =>
                              remove
                                .mutateAsync(k.id)
                                .catch((error: unknown) => void message.error(describeError(error, t)))
                            }
                          >
                            <Button
                              size="small"
                              type="text"
                              danger
                              icon={<DeleteOutlined />}
                              aria-label={t('common.delete')}
                            />
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('marketing.campaigns.results')} loading={results.isLoading}>
        <ErrorAlert error={results.error} />
        {row ? (
          <Table
            rowKey="model"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={attributionModelNames.map((model) => ({ model, ...row.models[model] }))}
            columns={[
              {
                key: 'model',
                title: t('marketing.attribution.model'),
                render: (_v, r) => t(`marketing.attribution.models.${r.model}`),
              },
              {
                key: 'rev',
                title: t('marketing.attribution.metrics.revenueFen'),
                align: 'right',
                render: (_v, r) => formatMoney(r.revenueFen, lang),
              },
              {
                key: 'gp',
                title: t('marketing.attribution.metrics.grossProfitFen'),
                align: 'right',
                render: (_v, r) => formatMoney(r.grossProfitFen, lang),
              },
              {
                key: 'cash',
                title: t('marketing.attribution.metrics.collectedCashFen'),
                align: 'right',
                render: (_v, r) => formatMoney(r.collectedCashFen, lang),
              },
              {
                key: 'as',
                title: t('marketing.attribution.afterSales'),
                align: 'right',
                render: (_v, r) => formatMoney(r.afterSalesCostFen, lang),
              },
              {
                key: 'roi',
                title: t('marketing.attribution.roi'),
                align: 'right',
                render: (_v, r) =>
                  r.roi === null ? (
                    '—'
                  ) : (
                    <Typography.Text type={r.roi < 0 ? 'danger' : 'success'}>
                      {formatPercent(r.roi, lang)}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        ) : (
          <Empty description={t('marketing.campaigns.noResults')} />
        )}
      </Card>
      {editing && <CampaignFormDrawer campaign={c} onClose={() => setEditing(false)} />}
      {addingCost && <CostModal campaignId={id} onClose={() => setAddingCost(false)} />}
    </Flex>
  );
}

/** /campaigns and /campaigns/:id. */
export function CampaignsModule() {
  return (
    <Routes>
      <Route index element={<CampaignListPage />} />
      <Route path=":id" element={<CampaignDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
