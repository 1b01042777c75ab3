import { App, Card, Empty, Flex, Tag, Typography } from 'antd';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Opportunity, OpportunityStage } from '../../../../contracts/crm.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { stageColours } from './crm.labels.tsx';
import { type StagePrompt, StagePromptModal, useStageMove } from './StageDialogs.tsx';

const columns: OpportunityStage[] = ['opportunity', 'quote', 'contract', 'won', 'paid', 'lost'];
const MIME = 'application/x-pulse-opportunity';

/**
 * The pipeline as a kanban board: a column per stage with its count and amount; drag a card to
 * another column to move it (lost asks why, won asks for the order; the server has the last word).
 */
export function PipelineBoard({
  opportunities,
  canWrite,
}: {
  opportunities: Opportunity[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const { move } = useStageMove();
  const [prompt, setPrompt] = useState<StagePrompt | null>(null);
  const [over, setOver] = useState<OpportunityStage | null>(null);

  async function drop(event: DragEvent, stage: OpportunityStage) {
    event.preventDefault();
    setOver(null);
    const id = Number(event.dataTransfer.getData(MIME));
    const opportunity = opportunities.find((o) => o.id === id);
    if (!opportunity || opportunity.stage === stage) return;
    const result = move(opportunity, stage);
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

  return (
    <>
      <Flex gap={12} style={{ overflowX: 'auto', paddingBottom: 8 }} data-testid="pipeline-board">
        {columns.map((stage) => {
          const cards = opportunities.filter((o) => o.stage === stage);
          const total = cards.reduce((sum, o) => sum + o.amountFen, 0);
          return (
            <section
              key={stage}
              aria-label={t(`crm.opportunities.stages.${stage}`)}
              data-testid={`pipeline-column-${stage}`}
              onDragOver={(e) => {
                if (!canWrite) return;
                e.preventDefault();
                setOver(stage);
              }}
              onDragLeave={() => setOver((current) => (current === stage ? null : current))}
              onDrop={(e) => void drop(e, stage)}
              style={{
                minWidth: 240,
                flex: '1 0 240px',
                background: over === stage ? 'rgba(22,119,255,0.08)' : 'rgba(0,0,0,0.02)',
                borderRadius: 8,
                padding: 8,
              }}
            >
              <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                <Tag color={stageColours[stage]}>{t(`crm.opportunities.stages.${stage}`)}</Tag>
                <Typography.Text type="secondary">
                  {cards.length} · {formatMoney(total, lang, { compact: true })}
                </Typography.Text>
              </Flex>
              <Flex vertical gap={8}>
                {cards.length === 0 && (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crm.opportunities.dropHere')} />
                )}
                {cards.map((o) => (
                  <Card
                    key={o.id}
                    size="small"
                    draggable={canWrite}
                    data-testid={`pipeline-card-${o.id}`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(MIME, String(o.id));
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    style={{ cursor: canWrite ? 'grab' : 'default' }}
                  >
                    <Flex vertical gap={2}>
                      <Link to={`/opportunities/${o.id}`}>{o.name}</Link>
                      <Typography.Text type="secondary" ellipsis>
                        {o.customerName}
                      </Typography.Text>
                      <Flex justify="space-between">
                        <Typography.Text strong>
                          {formatMoney(o.amountFen, lang, { compact: true })}
                        </Typography.Text>
                        <Typography.Text type="secondary">{o.ownerName ?? '—'}</Typography.Text>
                      </Flex>
                      {o.lostReason && <Tag>{t(`crm.opportunities.lostReasons.${o.lostReason}`)}</Tag>}
                      {o.tenderDeadline && (
                        <Typography.Text type="secondary">
                          {t('crm.opportunities.fields.tenderDeadline')}: {o.tenderDeadline}
                        </Typography.Text>
                      )}
                    </Flex>
                  </Card>
                ))}
              </Flex>
            </section>
          );
        })}
      </Flex>
      {prompt && <StagePromptModal prompt={prompt} onClose={() => setPrompt(null)} />}
    </>
  );
}
