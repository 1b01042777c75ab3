import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Skeleton,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Transfer } from '../../../../contracts/inventory.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate, formatDateTime } from '../../shared/format.ts';
import { useDrawerSize, useLanguage } from '../../shared/responsive.ts';
import { SaveErrorAlert } from '../../shared/SaveErrorAlert.tsx';
import { useCancelTransfer, useReceiveTransfer, useTransfer } from './inventory.api.ts';
import { TransferStatusTag } from './TransferStatusTag.tsx';

type Dialog = 'none' | 'receive' | 'cancel';

export function TransferDetailDrawer({ transferId, onClose }: { transferId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useCurrentUser();
  const drawerSize = useDrawerSize(720);
  const transfer = useTransfer(transferId);
  const canWrite = user.permissions.includes('inventory:write');
  const [dialog, setDialog] = useState<Dialog>('none');
  const data = transfer.data;

  return (
    <Drawer
      open
      size={drawerSize}
      title={data ? t('inventory.transfers.detailTitle', { number: data.number }) : t('app.loading')}
      onClose={onClose}
      destroyOnHidden
      extra={
        data?.status === 'in_transit' &&
        canWrite && (
          <Flex gap={8}>
            <Button danger data-testid="transfer-cancel" onClick={() => setDialog('cancel')}>
              {t('inventory.transfers.cancel')}
            </Button>
            <Button type="primary" data-testid="transfer-receive" onClick={() => setDialog('receive')}>
              {t('inventory.transfers.receive')}
            </Button>
          </Flex>
        )
      }
    >
      <ErrorAlert error={transfer.error} />
      {transfer.isLoading && <Skeleton active />}
      {data && (
        <Flex vertical gap={16} data-testid="transfer-detail">
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
            items={[
              { key: 'number', label: t('inventory.transfers.number'), children: data.number },
              {
                key: 'status',
                label: t('common.status'),
                children: <TransferStatusTag status={data.status} />,
              },
              { key: 'from', label: t('inventory.transfers.from'), children: data.fromWarehouseName },
              { key: 'to', label: t('inventory.transfers.to'), children: data.toWarehouseName },
              {
                key: 'dispatchedOn',
                label: t('inventory.transfers.dispatchedOn'),
                children: formatDate(data.dispatchedOn, lang),
              },
              {
                key: 'receivedOn',
                label: t('inventory.transfers.receivedOn'),
                children: data.receivedOn ? formatDate(data.receivedOn, lang) : EMPTY_VALUE,
              },
              {
                key: 'createdAt',
                label: t('inventory.transfers.createdAt'),
                children: formatDateTime(data.createdAt, lang),
              },
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('inventory.transfers.lines')}
          </Typography.Title>
          <Table
            data-testid="transfer-lines"
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={data.lines}
            columns={[
              { key: 'sku', title: 'SKU', dataIndex: 'sku' },
              { key: 'lotNumber', title: t('inventory.fields.lotNumber'), dataIndex: 'lotNumber' },
              {
                key: 'serial',
                title: t('inventory.fields.serial'),
                dataIndex: 'serial',
                render: (serial: string) => serial || EMPTY_VALUE,
              },
              {
                key: 'quantity',
                title: t('inventory.fields.quantity'),
                dataIndex: 'quantity',
                align: 'right',
              },
            ]}
          />
        </Flex>
      )}
      {data && dialog === 'receive' && <ReceiveDialog transfer={data} onClose={() => setDialog('none')} />}
      {data && dialog === 'cancel' && <CancelDialog transfer={data} onClose={() => setDialog('none')} />}
    </Drawer>
  );
}

function ReceiveDialog({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const receive = useReceiveTransfer();
  const [receivedOn, setReceivedOn] = useState<Dayjs | null>(null);

  async function submit() {
    try {
      await receive.mutateAsync({
        id: transfer.id,
        body: { version: transfer.version, receivedOn: receivedOn?.format('YYYY-MM-DD') },
      });
      void message.success(t('inventory.transfers.received'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('inventory.transfers.receiveTitle', { number: transfer.number })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={receive.isPending}
          data-testid="transfer-receive-confirm"
          onClick={() => void submit()}
        >
          {t('inventory.transfers.receive')}
        </Button>,
      ]}
      destroyOnHidden
    >
      <SaveErrorAlert error={receive.error} onReload={onClose} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>
        {t('inventory.transfers.receiveHint', { to: transfer.toWarehouseName })}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('inventory.transfers.receivedOn')} extra={t('inventory.adjustment.dateHint')}>
          <DatePicker
            data-testid="transfer-received-on"
            value={receivedOn}
            onChange={setReceivedOn}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelDialog({ transfer, onClose }: { transfer: Transfer; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelTransfer();
  const [form] = Form.useForm<{ reason: string }>();

  async function submit({ reason }: { reason: string }) {
    try {
      await cancel.mutateAsync({
        id: transfer.id,
        body: { version: transfer.version, reason: reason.trim() },
      });
      void message.success(t('inventory.transfers.cancelled'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('inventory.transfers.cancelTitle', { number: transfer.number })}
      onCancel={onClose}
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          danger
          type="primary"
          loading={cancel.isPending}
          data-testid="transfer-cancel-confirm"
          onClick={() => form.submit()}
        >
          {t('inventory.transfers.cancel')}
        </Button>,
      ]}
      destroyOnHidden
    >
      <SaveErrorAlert error={cancel.error} onReload={onClose} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>
        {t('inventory.transfers.cancelHint', { from: transfer.fromWarehouseName })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: '' }}>
        <Form.Item
          name="reason"
          label={t('inventory.fields.reason')}
          rules={[
            { required: true, whitespace: true, message: t('inventory.validation.reasonRequired') },
            { min: 2, max: 500, message: t('inventory.validation.reasonLength') },
          ]}
        >
          <Input.TextArea data-testid="transfer-cancel-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
