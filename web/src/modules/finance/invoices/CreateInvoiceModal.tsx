import { Alert, Button, DatePicker, Flex, Input, Modal, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../../../../contracts/finance.ts';
import type { Shipment } from '../../../../../contracts/sales.ts';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { useCreateInvoice } from '../finance.api.ts';
import { ShipmentLookup } from '../ShipmentLookup.tsx';
import { useIdempotencyKey } from '../useIdempotencyKey.ts';

type ShipmentLine = Shipment['lines'][number];

/** Invoices a shipped shipment: every line not invoiced yet, or the chosen ones. */
export function CreateInvoiceModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (invoice: Invoice) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const create = useCreateInvoice();
  const keyFor = useIdempotencyKey();
  const [shipment, setShipment] = useState<Shipment | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [invoiceDate, setInvoiceDate] = useState<Dayjs | null>(null);
  const [note, setNote] = useState('');
  const isShipped = shipment?.status === 'shipped' || shipment?.status === 'delivered';

  function found(next: Shipment | null) {
    setShipment(next);
    setSelected(next?.lines.map((line) => line.id) ?? []);
    create.reset();
  }

  async function submit() {
    if (!shipment) return;
    const allChosen = selected.length === shipment.lines.length;
    const input = {
      shipmentId: shipment.id,
      ...(allChosen ? {} : { shipmentLineIds: selected }),
      invoiceDate: invoiceDate?.format('YYYY-MM-DD'),
      note: note.trim() || null,
    };
    try {
      onCreated(await create.mutateAsync({ input, key: keyFor(input) }));
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      width={isMobile ? '100%' : 760}
      title={t('finance.invoices.create')}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="create"
          type="primary"
          data-testid="invoice-create-submit"
          disabled={!isShipped || selected.length === 0}
          loading={create.isPending}
          onClick={() => void submit()}
        >
          {t('finance.invoices.createSubmit')}
        </Button>,
      ]}
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('finance.invoices.createHint')}
        </Typography.Paragraph>
        <ShipmentLookup testId="invoice-create-shipment" shipment={shipment} onFound={found} autoFocus />
        {shipment && !isShipped && (
          <Alert
            type="warning"
            showIcon
            title={t('finance.invoices.notShipped', {
              status: t(`finance.shipment.statuses.${shipment.status}`),
            })}
          />
        )}
        {shipment && isShipped && (
          <>
            <Table<ShipmentLine>
              data-testid="invoice-create-lines"
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={shipment.lines}
              rowSelection={{
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(Number)),
              }}
              columns={[
                { key: 'sku', title: 'SKU', dataIndex: 'sku' },
                {
                  key: 'product',
                  title: t('finance.fields.product'),
                  render: (_v, line) => (lang === 'en' ? line.productNameEn : line.productNameZh),
                },
                { key: 'lot', title: t('finance.fields.lot'), dataIndex: 'lotNumber' },
                {
                  key: 'quantity',
                  title: t('finance.fields.quantity'),
                  dataIndex: 'quantity',
                  align: 'right',
                },
                {
                  key: 'unitPrice',
                  title: t('finance.fields.unitPrice'),
                  align: 'right',
                  render: (_v, line) => formatAmount(line.unitPrice, shipment.currency, lang),
                },
              ]}
            />
            <Flex gap={12} wrap>
              <Flex vertical gap={4} style={{ flex: '1 1 180px' }}>
                <Typography.Text>{t('finance.fields.invoiceDate')}</Typography.Text>
                <DatePicker
                  data-testid="invoice-create-date"
                  value={invoiceDate}
                  onChange={setInvoiceDate}
                  placeholder={t('finance.todayPlaceholder')}
                  style={{ width: '100%' }}
                />
              </Flex>
              <Flex vertical gap={4} style={{ flex: '2 1 260px' }}>
                <Typography.Text>{t('finance.fields.note')}</Typography.Text>
                <Input
                  data-testid="invoice-create-note"
                  value={note}
                  maxLength={1000}
                  onChange={(event) => setNote(event.target.value)}
                />
              </Flex>
            </Flex>
          </>
        )}
        <ErrorAlert error={create.error} testId="invoice-create-error" />
      </Flex>
    </Modal>
  );
}
