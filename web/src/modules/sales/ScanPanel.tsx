import { CheckCircleFilled, CloseCircleFilled, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, InputNumber, List, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanResult, Shipment, ShipmentLine } from '../../../../contracts/sales.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { ScanInput, type ScanInputHandle } from '../../shared/ScanInput.tsx';
import { showSeparators } from '../../shared/udiText.ts';
import { useScanShipment } from './sales.api.ts';
import {
  buildManualUdi,
  expectedScans,
  readScanRefusal,
  type ScanRefusal,
  unitsLeftToScan,
} from './sales.rules.ts';

type ScanOutcome =
  | { id: number; code: string; ok: true; result: ScanResult['scanned']; remaining: number }
  | { id: number; code: string; ok: false; refusal: ScanRefusal | null; error: unknown };

const RECENT_SCANS = 8;

/** The scanner's field: every Enter is one scan, checked by the server against the allocation. */
export function ScanPanel({ shipment }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const scan = useScanShipment();
  const scanRef = useRef<ScanInputHandle>(null);
  const [text, setText] = useState('');
  const [recent, setRecent] = useState<ScanOutcome[]>([]);
  const nextId = useRef(1);
  const [manualLine, setManualLine] = useState<ShipmentLine | null>(null);
  const left = unitsLeftToScan(shipment);

  async function submit(code: string) {
    if (!code.trim()) return;
    const id = nextId.current++;
    let outcome: ScanOutcome;
    try {
      const result = await scan.mutateAsync({ id: shipment.id, code });
      outcome = { id, code, ok: true, result: result.scanned, remaining: result.remaining };
      setText('');
    } catch (error) {
      outcome = { id, code, ok: false, refusal: readScanRefusal(error), error };
    }
    setRecent((list) => [outcome, ...list].slice(0, RECENT_SCANS));
    scanRef.current?.focusForNextScan();
  }

  const last = recent[0];

  return (
    <Card size="small" title={t('sales.scan.title')} data-testid="shipment-scan-panel">
      <Flex vertical gap={12}>
        <ScanInput
          ref={scanRef}
          testId="shipment-scan"
          autoFocus
          size="large"
          value={text}
          onChange={setText}
          onSubmit={(code) => void submit(code)}
          placeholder={t('sales.scan.placeholder')}
          disabled={left === 0}
          status={last && !last.ok ? 'error' : undefined}
          addonAfter={
            <Button
              size="large"
              loading={scan.isPending}
              disabled={left === 0}
              onClick={() => void submit(text)}
              data-testid="shipment-scan-submit"
            >
              {t('sales.scan.submit')}
            </Button>
          }
        />
        <Typography.Text type="secondary">
          {left === 0 ? t('sales.scan.allScanned') : t('sales.scan.left', { count: left })}
        </Typography.Text>
        {last && <ScanOutcomeAlert outcome={last} shipment={shipment} />}
        {recent.length > 1 && (
          <List
            size="small"
            header={<Typography.Text type="secondary">{t('sales.scan.recent')}</Typography.Text>}
            dataSource={recent.slice(1)}
            renderItem={(outcome) => (
              <List.Item>
                <Flex gap={8} align="center" style={{ minWidth: 0 }}>
                  {outcome.ok ? (
                    <CheckCircleFilled style={{ color: '#52c41a' }} />
                  ) : (
                    <CloseCircleFilled style={{ color: '#ff4d4f' }} />
                  )}
                  <Typography.Text code ellipsis style={{ maxWidth: 280 }}>
                    {showSeparators(outcome.code)}
                  </Typography.Text>
                  <Typography.Text type="secondary" ellipsis>
                    {outcome.ok
                      ? `${outcome.result.sku} · ${outcome.result.lotNumber} × ${outcome.result.quantity}`
                      : (outcome.refusal?.reason ?? outcome.refusal?.code ?? '')}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sales.scan.manualHint')}
        </Typography.Text>
        <Flex gap={8} wrap>
          {shipment.lines
            .filter((line) => line.quantity > line.scannedQuantity)
            .map((line) => (
              <Button
                key={line.id}
                size="small"
                icon={<EditOutlined />}
                disabled={line.gtin === null}
                title={line.gtin === null ? t('sales.scan.noGtin') : undefined}
                data-testid={`shipment-manual-${line.id}`}
                onClick={() => setManualLine(line)}
              >
                {line.sku} · {line.lotNumber}
              </Button>
            ))}
        </Flex>
      </Flex>
      {manualLine && (
        <ManualEntryModal
          line={manualLine}
          onClose={() => setManualLine(null)}
          onSubmit={(code) => {
            setManualLine(null);
            void submit(code);
          }}
        />
      )}
    </Card>
  );
}

function ScanOutcomeAlert({ outcome, shipment }: { outcome: ScanOutcome; shipment: Shipment }) {
  const { t } = useTranslation();
  if (outcome.ok) {
    const { result } = outcome;
    return (
      <Alert
        type="success"
        showIcon
        data-testid="shipment-scan-result"
        data-ok="true"
        title={t('sales.scan.accepted', {
          sku: result.sku,
          lot: result.lotNumber,
          quantity: result.quantity,
          serial: result.serial ?? '',
        })}
        description={
          <Flex vertical gap={2}>
            {result.serial && <span>{t('sales.scan.serial', { serial: result.serial })}</span>}
            {result.substitutedFor && (
              <span data-testid="shipment-scan-substituted">
                {t('sales.scan.substituted', { lot: result.lotNumber, replaced: result.substitutedFor })}
              </span>
            )}
            <span>{t('sales.scan.left', { count: outcome.remaining })}</span>
          </Flex>
        }
      />
    );
  }
  const { refusal } = outcome;
  const expected = refusal && refusal.expected.length > 0 ? refusal.expected : expectedScans(shipment.lines);
  const title =
    refusal?.reason != null
      ? t(`sales.scan.reasons.${refusal.reason}`)
      : refusal?.code === 'UDI_INVALID'
        ? t('sales.scan.unreadable')
        : describeError(outcome.error, t);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="shipment-scan-result"
      data-ok="false"
      data-code={refusal?.code}
      data-reason={refusal?.reason ?? undefined}
      title={title}
      description={
        <Flex vertical gap={4}>
          <span data-testid="shipment-scan-message">{describeError(outcome.error, t)}</span>
          <Typography.Text type="secondary" code style={{ wordBreak: 'break-all' }}>
            {showSeparators(outcome.code)}
          </Typography.Text>
          {expected.length > 0 && (
            <Flex vertical gap={2} data-testid="shipment-scan-expected">
              <Typography.Text strong>{t('sales.scan.expected')}</Typography.Text>
              {expected.map((entry) => (
                <span key={`${entry.sku}-${entry.lotNumber}`}>
                  {t('sales.scan.expectedLine', {
                    sku: entry.sku,
                    lot: entry.lotNumber,
                    count: entry.remaining,
                  })}
                </span>
              ))}
            </Flex>
          )}
        </Flex>
      }
    />
  );
}

/** A label the scanner cannot read: type the lot (and serial) printed on it; the server checks it like a scan. */
function ManualEntryModal({
  line,
  onClose,
  onSubmit,
}: {
  line: ShipmentLine;
  onClose: () => void;
  onSubmit: (code: string) => void;
}) {
  const { t } = useTranslation();
  const [lotNumber, setLotNumber] = useState(line.lotNumber);
  const [serial, setSerial] = useState('');
  const [count, setCount] = useState<number>(1);
  const remaining = line.quantity - line.scannedQuantity;
  const isValid = lotNumber.trim() !== '' && (!line.isSerialTracked || serial.trim() !== '');

  return (
    <Modal
      open
      title={t('sales.scan.manualTitle', { sku: line.sku })}
      onCancel={onClose}
      destroyOnHidden
      okText={t('sales.scan.submit')}
      okButtonProps={{ disabled: !isValid, 'data-testid': 'shipment-manual-submit' }}
      onOk={() =>
        onSubmit(
          buildManualUdi({
            gtin: line.gtin ?? '',
            lotNumber,
            serial: line.isSerialTracked ? serial : undefined,
            count: line.isSerialTracked ? undefined : count,
          }),
        )
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">GTIN {line.gtin}</Typography.Text>
        <Flex vertical gap={4}>
          <Typography.Text>{t('sales.fields.lot')}</Typography.Text>
          <Input
            data-testid="shipment-manual-lot"
            value={lotNumber}
            onChange={(event) => setLotNumber(event.target.value)}
          />
        </Flex>
        {line.isSerialTracked ? (
          <Flex vertical gap={4}>
            <Typography.Text>{t('sales.fields.serial')}</Typography.Text>
            <Input
              data-testid="shipment-manual-serial"
              value={serial}
              onChange={(event) => setSerial(event.target.value)}
              autoFocus
            />
          </Flex>
        ) : (
          <Flex vertical gap={4}>
            <Typography.Text>{t('sales.fields.quantity')}</Typography.Text>
            <InputNumber<number>
              data-testid="shipment-manual-count"
              min={1}
              max={Math.max(1, remaining)}
              precision={0}
              value={count}
              onChange={(value) => setCount(value ?? 1)}
            />
          </Flex>
        )}
      </Flex>
    </Modal>
  );
}
