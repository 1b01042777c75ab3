import { useQuery } from '@tanstack/react-query';
import { Alert, type ButtonProps, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { lostReasons, type Opportunity, type OpportunityStage } from '../../../../contracts/crm.ts';
import type { orderPage } from '../../../../contracts/sales.ts';
import { apiGet } from '../../shared/api.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useChangeStage } from './crm.api.ts';
import { textOrNull } from './crm.labels.tsx';

type OrderPage = z.infer<typeof orderPage>;

/** A pending move that needs more from the user: a lost reason, or the order that won it. */
export type StagePrompt = { opportunity: Opportunity; stage: 'lost' | 'won' };

/** Moves directly when nothing more is needed; otherwise says which prompt to show. */
export function useStageMove() {
  const change = useChangeStage();
  const move = (opportunity: Opportunity, stage: OpportunityStage): StagePrompt | Promise<Opportunity> => {
    if (stage === 'lost' || (stage === 'won' && opportunity.orderId === null)) return { opportunity, stage };
    return change.mutateAsync({ id: opportunity.id, input: { version: opportunity.version, stage } });
  };
  return { move, change };
}

export function StagePromptModal({ prompt, onClose }: { prompt: StagePrompt; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const change = useChangeStage();
  const [form] = Form.useForm<{ lostReason?: string; note?: string; orderId?: number }>();
  const { opportunity, stage } = prompt;
  const orders = useQuery({
    queryKey: ['crm', 'orders-of-customer', opportunity.customerId],
    queryFn: ({ signal }) =>
      apiGet<OrderPage>('/api/orders', {
        signal,
        query: { customerId: opportunity.customerId, pageSize: 100, sort: '-orderDate' },
      }),
    enabled: stage === 'won',
  });
  return (
    <Modal
      open
      title={stage === 'lost' ? t('crm.opportunities.lostTitle') : t('crm.opportunities.wonTitle')}
      onCancel={onClose}
      okButtonProps={
        {
          loading: change.isPending,
          danger: stage === 'lost',
          'data-testid': 'stage-prompt-ok',
        } as ButtonProps
      }
      onOk={() => form.submit()}
    >
      {stage === 'won' && (
        <Alert type="info" showIcon title={t('crm.opportunities.wonHint')} style={{ marginBottom: 12 }} />
      )}
      <ErrorAlert error={change.error} style={{ marginBottom: 12 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (values) => {
          await change.mutateAsync({
            id: opportunity.id,
            input: {
              version: opportunity.version,
              stage,
              lostReason: (values.lostReason ?? null) as Opportunity['lostReason'],
              orderId: values.orderId ?? null,
              note: textOrNull(values.note),
            },
          });
          onClose();
        }}
      >
        {stage === 'lost' ? (
          <Form.Item
            name="lostReason"
            label={t('crm.opportunities.fields.lostReason')}
            rules={[{ required: true }]}
          >
            <Select
              data-testid="stage-lost-reason"
              options={lostReasons.map((value) => ({
                value,
                label: t(`crm.opportunities.lostReasons.${value}`),
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="orderId" label={t('crm.opportunities.fields.order')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={orders.isLoading}
              options={(orders.data?.items ?? [])
                .filter((o) => o.status !== 'cancelled')
                .map((o) => ({
                  value: o.id,
                  label: `${o.number} · ${o.orderDate} · ${formatMoney(o.netCnyFen, lang)}`,
                }))}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('crm.leads.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
