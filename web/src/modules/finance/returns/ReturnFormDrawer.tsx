import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Flex,
  Input,
  InputNumber,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesReturn } from '../../../../../contracts/finance.ts';
import type { Shipment } from '../../../../../contracts/sales.ts';
import { useCurrentUser } from '../../../app/auth.tsx';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { useDrawerSize, useLanguage } from '../../../shared/responsive.ts';
import { useCreateReturn } from '../finance.api.ts';
import { ShipmentLookup } from '../ShipmentLookup.tsx';
import { useIdempotencyKey } from '../useIdempotencyKey.ts';

type ShipmentLine = Shipment['lines'][number];
interface LineDraft {
  quantity: number | null;
  serials: string[];
}

/** Takes back units of a shipped shipment: stock re-enters held for inspection, optionally with a credit note. */
export function ReturnFormDrawer({
  onClose,
  onSaved,
}: {
  onClose: () => void;
  onSaved: (salesReturn: SalesReturn) => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useCurrentUser();
  const drawerSize = useDrawerSize(760);
  const create = useCreateReturn();
  const keyFor = useIdempotencyKey();
  const canCredit = user.permissions.includes('finance:write');
  const [shipment, setShipment] = useState<Shipment | null>(null);
  const [drafts, setDrafts] = useState<Record<number, LineDraft>>({});
  const [reason, setReason] = useState('');
  const [returnDate, setReturnDate] = useState<Dayjs | null>(null);
  const [creditNote, setCreditNote] = useState(canCredit);
  const [problem, setProblem] = useState<string | null>(null);
  const isShipped = shipment?.status === 'shipped' || shipment?.status === 'delivered';

  function patch(lineId: number, change: Partial<LineDraft>) {
    setDrafts((current) => ({
      ...current,
      [lineId]: { quantity: null, serials: [], ...current[lineId], ...change },
    }));
  }

  async function submit() {
    setProblem(null);
    if (!shipment) return;
    const lines = shipment.lines.flatMap((line) => {
      const draft = drafts[line.id];
      const quantity = line.isSerialTracked ? (draft?.serials.length ?? 0) : (draft?.quantity ?? 0);
      if (quantity <= 0) return [];
      return [
        {
          shipmentLineId: line.id,
          quantity,
          ...(line.isSerialTracked ? { serials: draft?.serials ?? [] } : {}),
        },
      ];
    });
    if (lines.length === 0) {
      setProblem(t('finance.returns.nothing'));
      return;
    }
    if (reason.trim().length < 2) {
      setProblem(t('finance.validation.reasonLength'));
      return;
    }
    const input = {
      shipmentId: shipment.id,
      returnDate: returnDate?.format('YYYY-MM-DD'),
      reason: reason.trim(),
      lines,
      creditNote,
    };
    try {
      onSaved(await create.mutateAsync({ input, key: keyFor(input) }));
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Drawer
      open
      size={drawerSize}
      title={t('finance.returns.new')}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="return-save"
            disabled={!isShipped}
            loading={create.isPending}
            onClick={() => void submit()}
          >
            {t('finance.returns.register')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={12} data-testid="return-form">
        <ShipmentLookup
          testId="return-shipment"
          shipment={shipment}
          autoFocus
          onFound={(found) => {
            setShipment(found);
            setDrafts({});
            create.reset();
          }}
        />
        {shipment && !isShipped && (
          <Alert
            type="warning"
            showIcon
            title={t('finance.returns.notShipped', {
              status: t(`finance.shipment.statuses.${shipment.status}`),
            })}
          />
        )}
        {shipment && isShipped && (
          <>
            <Table<ShipmentLine>
              data-testid="return-lines"
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={shipment.lines}
              columns={[
                { key: 'sku', title: 'SKU', dataIndex: 'sku' },
                {
                  key: 'product',
                  title: t('finance.fields.product'),
                  render: (_v, line) => (lang === 'en' ? line.productNameEn : line.productNameZh),
                },
                { key: 'lot', title: t('finance.fields.lot'), dataIndex: 'lotNumber' },
                {
                  key: 'shipped',
                  title: t('finance.returns.shipped'),
                  dataIndex: 'quantity',
                  align: 'right',
                },
                {
                  key: 'return',
                  title: t('finance.returns.returnQuantity'),
                  width: 220,
                  render: (_v, line) =>
                    line.isSerialTracked ? (
                      <Select
                        mode="multiple"
                        size="small"
                        data-testid={`return-serials-${line.id}`}
                        placeholder={t('finance.returns.pickSerials')}
                        value={drafts[line.id]?.serials ?? []}
                        onChange={(serials: string[]) => patch(line.id, { serials })}
                        options={line.serials.map((serial) => ({ value: serial, label: serial }))}
                        style={{ width: '100%' }}
                      />
                    ) : (
                      <InputNumber<number>
                        size="small"
                        data-testid={`return-qty-${line.id}`}
                        precision={0}
                        min={0}
                        max={line.quantity}
                        value={drafts[line.id]?.quantity ?? null}
                        onChange={(quantity) => patch(line.id, { quantity })}
                        style={{ width: '100%' }}
                      />
                    ),
                },
              ]}
            />
            <Flex gap={12} wrap>
              <Flex vertical gap={4} style={{ flex: '2 1 280px' }}>
                <Typography.Text>{t('finance.fields.reason')}</Typography.Text>
                <Input.TextArea
                  data-testid="return-reason"
                  rows={2}
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              </Flex>
              <Flex vertical gap={4} style={{ flex: '1 1 160px' }}>
                <Typography.Text>{t('finance.returns.returnDate')}</Typography.Text>
                <DatePicker
                  data-testid="return-date"
                  value={returnDate}
                  onChange={setReturnDate}
                  placeholder={t('finance.todayPlaceholder')}
                  style={{ width: '100%' }}
                />
              </Flex>
            </Flex>
            <Checkbox
              data-testid="return-credit-note"
              checked={creditNote}
              disabled={!canCredit}
              onChange={(event) => setCreditNote(event.target.checked)}
            >
              {t('finance.returns.creditNote')}
            </Checkbox>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {canCredit ? t('finance.returns.creditNoteHint') : t('finance.returns.creditNoteNeedsFinance')}
            </Typography.Text>
          </>
        )}
        {problem && <Alert type="warning" showIcon title={problem} />}
        <ErrorAlert error={create.error} testId="return-error" />
      </Flex>
    </Drawer>
  );
}
