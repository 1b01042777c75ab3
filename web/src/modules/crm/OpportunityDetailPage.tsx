import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Flex,
  Result,
  Row,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Opportunity, OpportunityStage } from '../../../../contracts/crm.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { isApiError } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime, formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useOpportunity, useOpportunityTimeline } from './crm.api.ts';
import { StageTag } from './crm.labels.tsx';
import { OpportunityFormDrawer } from './OpportunityFormDrawer.tsx';
import { type StagePrompt, StagePromptModal, useStageMove } from './StageDialogs.tsx';

const movable: OpportunityStage[] = ['opportunity', 'quote', 'contract', 'won', 'paid', 'lost'];

function timelineColour(stage: OpportunityStage | 'lead' | null): string {
  if (stage === null) return 'gray';
  if (stage === 'lost') return 'red';
  if (stage === 'won' || stage === 'paid') return 'green';
  return 'blue';
}

/** One opportunity: its details, tender, products, linked documents and a timeline of stages and touches. */
export function OpportunityDetailPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const id = Number(useParams().id);
  const opportunity = useOpportunity(id);
  const timeline = useOpportunityTimeline(id);
  const { move, change } = useStageMove();
  const [prompt, setPrompt] = useState<StagePrompt | null>(null);
  const [editing, setEditing] = useState(false);
  const canWrite = user.permissions.includes('crm:write');

  if (opportunity.error) {
    if (isApiError(opportunity.error) && opportunity.error.status === 404) {
      return <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFound')} />;
    }
    return <ErrorAlert error={opportunity.error} />;
  }
  const o = opportunity.data;
  if (!o) return <Card loading />;

  async function moveTo(target: OpportunityStage, current: Opportunity) {
    const result = move(current, target);
    if (!(result instanceof Promise)) {
      setPrompt(result);
      return;
    }
    try {
      await result;
      void message.success(t('common.saved'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const money = (fen: number | null) => (fen === null ? '—' : formatMoney(fen, lang));
  return (
    <Flex vertical gap={16} data-testid="opportunity-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8}>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/opportunities')}
            aria-label={t('common.back')}
          />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {o.name}
          </Typography.Title>
          <StageTag stage={o.stage} />
        </Flex>
        {canWrite && (
          <Flex gap={8}>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: movable
                  .filter((s) => s !== o.stage)
                  .map((s) => ({ key: s, label: t(`crm.opportunities.stages.${s}`), danger: s === 'lost' })),
                onClick: ({ key }) => void moveTo(key as OpportunityStage, o),
              }}
            >
              <Button type="primary" loading={change.isPending} data-testid="opportunity-move">
                {t('crm.opportunities.moveTo')}
              </Button>
            </Dropdown>
          </Flex>
        )}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('crm.opportunities.details')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('crm.opportunities.fields.number')}>{o.number}</Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.customer')}>
                <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.amount')}>
                {money(o.amountFen)}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.expectedClose')}>
                {o.expectedCloseDate ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.owner')}>
                {o.ownerName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.region')}>
                {o.regionName}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.campaign')}>
                {o.campaignName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.channel')}>
                {o.channel ? t(`marketing.campaigns.channels.${o.channel}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.lead')}>
                {o.leadCode ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.createdOn')}>
                {o.createdOn}
              </Descriptions.Item>
              {o.wonOn && (
                <Descriptions.Item label={t('crm.opportunities.fields.wonOn')}>{o.wonOn}</Descriptions.Item>
              )}
              {o.paidOn && (
                <Descriptions.Item label={t('crm.opportunities.fields.paidOn')}>{o.paidOn}</Descriptions.Item>
              )}
              {o.lostReason && (
                <Descriptions.Item label={t('crm.opportunities.fields.lostReason')}>
                  {t(`crm.opportunities.lostReasons.${o.lostReason}`)}
                  {o.lostNote ? ` · ${o.lostNote}` : ''}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={t('crm.opportunities.tender')} style={{ marginTop: 16 }}>
            <Descriptions column={{ xs: 1, sm: 3 }} size="small">
              <Descriptions.Item label={t('crm.opportunities.fields.tenderNumber')}>
                {o.tenderNumber ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.tenderBudget')}>
                {money(o.tenderBudgetFen)}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.tenderDeadline')}>
                {o.tenderDeadline ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('crm.opportunities.linked')} style={{ marginTop: 16 }}>
            <Descriptions column={{ xs: 1, sm: 3 }} size="small">
              <Descriptions.Item label={t('crm.opportunities.fields.quote')}>
                {o.quoteId ? <Link to={`/quotes/${o.quoteId}`}>{o.quoteNumber}</Link> : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.contract')}>
                {o.contractNumber ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('crm.opportunities.fields.order')}>
                {o.orderId ? <Link to={`/orders/${o.orderId}`}>{o.orderNumber}</Link> : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('crm.opportunities.products')} style={{ marginTop: 16 }}>
            <Table
              rowKey="productId"
              size="small"
              pagination={false}
              dataSource={o.products}
              columns={[
                { key: 'product', title: t('crm.opportunities.fields.product'), dataIndex: 'productName' },
                {
                  key: 'quantity',
                  title: t('crm.opportunities.fields.quantity'),
                  dataIndex: 'quantity',
                  align: 'right',
                },
                {
                  key: 'amount',
                  title: t('crm.opportunities.fields.amount'),
                  align: 'right',
                  render: (_v, p) => formatMoney(p.amountFen, lang),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('crm.opportunities.timeline')} loading={timeline.isLoading}>
            <ErrorAlert error={timeline.error} />
            <Timeline
              data-testid="opportunity-timeline"
              items={(timeline.data?.items ?? []).map((item, index) => ({
                key: `${item.kind}-${index}`,
                color: timelineColour(item.stage),
                content: (
                  <Flex vertical>
                    <Typography.Text strong={item.kind === 'stage'}>
                      {item.kind === 'stage'
                        ? t(`crm.opportunities.stages.${item.stage ?? 'opportunity'}`)
                        : `${t('crm.opportunities.timelineKinds.touch')} · ${item.title}`}
                    </Typography.Text>
                    {item.detail && <Typography.Text type="secondary">{item.detail}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(item.at, lang)}
                      {item.by ? ` · ${item.by}` : ''}
                    </Typography.Text>
                  </Flex>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {prompt && <StagePromptModal prompt={prompt} onClose={() => setPrompt(null)} />}
      {editing && <OpportunityFormDrawer opportunity={o} onClose={() => setEditing(false)} />}
    </Flex>
  );
}
