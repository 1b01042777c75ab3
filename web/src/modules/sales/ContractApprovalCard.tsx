import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { SalesContract } from '../../../../contracts/sales-contracts.ts';
import type { approvalPage, approval as approvalSchema } from '../../../../contracts/workflow.ts';
import { apiGet, apiPost } from '../../shared/api.ts';
import { formatAmount } from '../../shared/currency.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';

type ApprovalPage = z.infer<typeof approvalPage>;
type Approval = z.infer<typeof approvalSchema>;
type ApprovalSummary = ApprovalPage['items'][number];

const statusColors: Record<ApprovalSummary['status'], string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  withdrawn: 'default',
};

const approvalsOf = (contractId: number) => ['workflow', 'approvals', 'contract', contractId] as const;

/** A contract's approval (DOMAIN §5 routing by amount): where it stands, or send it. */
export function ContractApprovalCard({ contract }: { contract: SalesContract }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [isSending, setSending] = useState(false);
  const approvals = useQuery({
    queryKey: approvalsOf(contract.id),
    queryFn: () =>
      apiGet<ApprovalPage>(
        `/api/workflow/approvals?documentType=contract&documentId=${contract.id}&pageSize=10`,
      ),
  });
  const latest = [...(approvals.data?.items ?? [])].sort((a, b) => b.id - a.id)[0];
  // A document can be sent again once its last approval ended without approval.
  const canSend =
    contract.status === 'active' && (!latest || ['rejected', 'withdrawn'].includes(latest.status));

  return (
    <Card
      size="small"
      title={t('sales.contracts.approval.title')}
      data-testid="contract-approval"
      extra={
        canSend && (
          <Button
            type="primary"
            icon={<SendOutlined />}
            data-testid="contract-send-approval"
            onClick={() => setSending(true)}
          >
            {t('sales.contracts.approval.send')}
          </Button>
        )
      }
    >
      <ErrorAlert error={approvals.error} />
      {latest ? (
        <Flex gap={12} align="center" wrap>
          <Tag color={statusColors[latest.status]} data-testid="contract-approval-status">
            {t(`sales.contracts.approval.status.${latest.status}`)}
          </Tag>
          {latest.amountFen !== null && <span>{formatAmount(latest.amountFen, 'CNY', lang)}</span>}
          <Typography.Text type="secondary">{formatDateTime(latest.startedAt, lang)}</Typography.Text>
          <Link to={`/workflow/approvals/${latest.id}`} data-testid="contract-approval-link">
            {t('sales.contracts.approval.open')}
          </Link>
        </Flex>
      ) : (
        !approvals.isLoading && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sales.contracts.approval.none')} />
        )
      )}
      <SendForApprovalModal contract={contract} open={isSending} onClose={() => setSending(false)} />
    </Card>
  );
}

function SendForApprovalModal({
  contract,
  open,
  onClose,
}: {
  contract: SalesContract;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amountYuan: number }>();
  const send = useMutation({
    mutationFn: (amountFen: number) =>
      apiPost<Approval>('/api/workflow/approvals', {
        documentType: 'contract',
        documentId: contract.id,
        documentRef: contract.number,
        title: contract.note ? `${contract.customerName} ${contract.note}` : contract.customerName,
        amountFen,
        regionId: contract.regionId,
        customerId: contract.customerId,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: approvalsOf(contract.id) }),
  });

  async function submit() {
    const { amountYuan } = await form.validateFields();
    // Yuan with at most two decimals, to integer fen without floating-point drift.
    const amountFen = Math.round(Number(amountYuan.toFixed(2)) * 100);
    await send.mutateAsync(amountFen);
    void message.success(t('sales.contracts.approval.sent'));
    form.resetFields();
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('sales.contracts.approval.send')}
      okText={t('sales.contracts.approval.send')}
      okButtonProps={{ 'data-testid': 'contract-approval-confirm' }}
      confirmLoading={send.isPending}
      onOk={() => void submit().catch(() => {})}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('sales.contracts.approval.hint')}</Typography.Paragraph>
        <ErrorAlert error={send.error} />
        <Form form={form} layout="vertical">
          <Form.Item
            name="amountYuan"
            label={t('sales.contracts.approval.amount')}
            rules={[{ required: true, message: t('sales.contracts.approval.amountRequired') }]}
          >
            <InputNumber
              min={0.01}
              precision={2}
              style={{ width: '100%' }}
              data-testid="contract-approval-amount"
            />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
