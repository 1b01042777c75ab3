import { Card, Descriptions, Drawer, Empty, Flex, Skeleton, Steps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BackwardTrace } from '../../../../contracts/inventory.ts';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { productNameIn } from '../../shared/names.ts';
import { useDrawerSize, useLanguage } from '../../shared/responsive.ts';
import { LotStatusTag } from '../inventory/index.ts';
import { ScannedText } from '../udi/ScannedText.tsx';
import { useBackwardTrace } from './trace.api.ts';

type Receipt = BackwardTrace['receipts'][number];

/** From one shipment (or any move) back to its lot, the supplier receipt and the inspection. */
export function BackwardTraceDrawer({ moveId, onClose }: { moveId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(640);
  const trace = useBackwardTrace(moveId);

  return (
    <Drawer open size={drawerSize} title={t('trace.backward.title')} onClose={onClose} destroyOnHidden>
      <ErrorAlert error={trace.error} testId="trace-backward-error" />
      {trace.isLoading && <Skeleton active />}
      {trace.data && <BackwardView trace={trace.data} />}
    </Drawer>
  );
}

function BackwardView({ trace }: { trace: BackwardTrace }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { move, lot } = trace;
  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);
  const customer = move.isCustomerHidden
    ? t('trace.customerHidden')
    : (move.customerName ?? t('trace.unknownCustomer'));
  const suppliers = [...new Set(trace.receipts.map((receipt) => receipt.supplier.name))].join('、');

  return (
    <Flex vertical gap={16} data-testid="trace-backward">
      <Steps
        orientation="vertical"
        size="small"
        current={4}
        items={[
          {
            title: t('trace.backward.steps.move', { kind: t(`inventory.moveKinds.${move.kind}`) }),
            content: `${date(move.businessDate)} · ${customer} · ${move.documentNumber ?? EMPTY_VALUE} · ${Math.abs(move.quantity)}`,
          },
          {
            title: t('trace.backward.steps.lot', { lot: lot.lotNumber }),
            content: `${lot.sku} · ${productNameIn(lang, lot)} · ${t('inventory.fields.expiryDate')} ${date(lot.expiryDate)}`,
          },
          {
            title: t('trace.backward.steps.receipt'),
            content:
              trace.receipts
                .map((receipt) => `${receipt.receiptNumber} (${date(receipt.arrivalDate)})`)
                .join('、') || t('trace.backward.noReceipt'),
          },
          {
            title: t('trace.backward.steps.supplier'),
            content: suppliers || EMPTY_VALUE,
          },
        ]}
      />
      <Card size="small" title={t('trace.backward.move')}>
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'date', label: t('trace.fields.date'), children: date(move.businessDate) },
            { key: 'kind', label: t('trace.fields.kind'), children: t(`inventory.moveKinds.${move.kind}`) },
            { key: 'customer', label: t('trace.fields.customer'), children: customer },
            {
              key: 'document',
              label: t('trace.fields.document'),
              children: move.documentNumber ?? EMPTY_VALUE,
            },
            { key: 'warehouse', label: t('trace.fields.warehouse'), children: move.warehouseName },
            { key: 'quantity', label: t('trace.fields.quantity'), children: Math.abs(move.quantity) },
            { key: 'serial', label: t('inventory.fields.serial'), children: move.serial || EMPTY_VALUE },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center">
            {t('trace.backward.lot', { lot: lot.lotNumber })}
            <LotStatusTag status={lot.status} />
          </Flex>
        }
      >
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'product',
              label: t('trace.fields.product'),
              children: `${lot.sku} · ${productNameIn(lang, lot)}`,
            },
            { key: 'model', label: t('trace.fields.model'), children: lot.modelSpec },
            { key: 'gtin', label: 'GTIN', children: lot.gtin ?? EMPTY_VALUE },
            {
              key: 'production',
              label: t('inventory.fields.productionDate'),
              children: date(lot.productionDate),
            },
            { key: 'expiry', label: t('inventory.fields.expiryDate'), children: date(lot.expiryDate) },
          ]}
        />
      </Card>
      {trace.receipts.length === 0 ? (
        <Empty description={t('trace.backward.noReceipt')} />
      ) : (
        trace.receipts.map((receipt) => <ReceiptCard key={receipt.receiptLineId} receipt={receipt} />)
      )}
    </Flex>
  );
}

function ReceiptCard({ receipt }: { receipt: Receipt }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);
  const { supplier, inspection } = receipt;
  return (
    <Card
      size="small"
      data-testid={`trace-backward-receipt-${receipt.receiptLineId}`}
      title={t('trace.backward.receipt', { number: receipt.receiptNumber })}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'arrival', label: t('trace.fields.date'), children: date(receipt.arrivalDate) },
          {
            key: 'po',
            label: t('trace.fields.purchaseOrder'),
            children: receipt.purchaseOrderNumber ?? EMPTY_VALUE,
          },
          {
            key: 'supplier',
            label: t('trace.fields.supplier'),
            children: `${supplier.code} · ${supplier.name}`,
          },
          {
            key: 'licence',
            label: t('trace.backward.licence'),
            children: supplier.licenceNumber
              ? `${supplier.licenceNumber}（${t('trace.backward.validUntil', { date: date(supplier.licenceValidUntil) })}）`
              : EMPTY_VALUE,
          },
          {
            key: 'inspection',
            label: t('trace.fields.inspection'),
            children: (
              <Flex gap={6} align="center" wrap>
                <Tag
                  color={
                    inspection.result === 'accepted'
                      ? 'green'
                      : inspection.result === 'rejected'
                        ? 'red'
                        : 'gold'
                  }
                >
                  {t(`purchasing.inspectionResults.${inspection.result}`)}
                </Tag>
                {t('trace.backward.inspectionCounts', {
                  received: inspection.quantityReceived,
                  accepted: inspection.quantityAccepted,
                  rejected: inspection.quantityRejected,
                })}
              </Flex>
            ),
          },
          { key: 'inspector', label: t('trace.fields.inspector'), children: inspection.inspector },
          { key: 'report', label: t('trace.fields.report'), children: inspection.reportRef ?? EMPTY_VALUE },
          {
            key: 'serials',
            label: t('inventory.fields.serial'),
            children: receipt.serials.length > 0 ? receipt.serials.join(', ') : EMPTY_VALUE,
          },
        ]}
      />
      {receipt.scannedUdi && (
        <Flex vertical gap={4} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('purchasing.receipts.scannedUdi')}</Typography.Text>
          <ScannedText text={receipt.scannedUdi} />
        </Flex>
      )}
    </Card>
  );
}
