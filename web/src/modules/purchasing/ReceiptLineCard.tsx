import { CheckCircleFilled, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  InputNumber,
  Segmented,
  Select,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PurchaseOrder } from '../../../../contracts/purchasing.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { ScanInput, type ScanInputHandle } from '../../shared/ScanInput.tsx';
import { GROUP_SEPARATOR } from '../../shared/udiText.ts';
import { ScannedText } from '../udi/ScannedText.tsx';
import { useParseUdi } from '../udi/udi.api.ts';
import {
  type DraftProblem,
  deriveInspectionResult,
  type InspectionResult,
  openQuantity,
  type ReceiptLineDraft,
  type ScannedLot,
} from './purchasing.rules.ts';

type OrderLine = PurchaseOrder['lines'][number];

const results: InspectionResult[] = ['accepted', 'partially_accepted', 'rejected'];

export interface ReceiptLineCardProps {
  line: OrderLine;
  draft: ReceiptLineDraft;
  onChange: (patch: Partial<ReceiptLineDraft>) => void;
  isSerialTracked: boolean;
  /** Shown once the user tried to submit. */
  problems: DraftProblem[];
  /** The server's refusal when it is about this line. */
  serverError: unknown;
  isIncluded: boolean;
}

/** One purchase-order line: its lot (scanned or typed) and its inspection. */
export function ReceiptLineCard({
  line,
  draft,
  onChange,
  isSerialTracked,
  problems,
  serverError,
  isIncluded,
}: ReceiptLineCardProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const parse = useParseUdi();
  const scanRef = useRef<ScanInputHandle>(null);
  const [scanText, setScanText] = useState('');
  const [scanError, setScanError] = useState<unknown>(null);
  const open = openQuantity(line);
  const testId = `receipt-line-${line.id}`;
  const scannedCode = draft.scanned?.code;
  // A scan routed here from the page's scan field shows up in this line's field too.
  useEffect(() => {
    if (scannedCode !== undefined) setScanText(scannedCode);
  }, [scannedCode]);
  const derived = deriveInspectionResult(draft.quantityAccepted ?? 0, draft.quantityRejected ?? 0);

  async function scan(code: string) {
    if (!code) return;
    setScanError(null);
    try {
      const result = await parse.mutateAsync(code);
      const scanned: ScannedLot = {
        code,
        gtin: result.gtin,
        lot: result.lot,
        serial: result.serial,
        expiry: result.expiry,
        productionDate: result.productionDate,
        isExpired: result.isExpired,
      };
      const serials =
        result.serial && !draft.serials.includes(result.serial)
          ? [...draft.serials, result.serial]
          : draft.serials;
      onChange({ scanned, serials });
    } catch (error) {
      setScanError(error);
    } finally {
      scanRef.current?.focusForNextScan();
    }
  }

  const problemText = (problem: DraftProblem) => t(`purchasing.receiving.problems.${problem}`);
  const gtinMatches = draft.scanned?.gtin && line.gtin ? draft.scanned.gtin === line.gtin : null;

  return (
    <Card
      size="small"
      data-testid={testId}
      data-included={isIncluded}
      style={serverError || problems.length > 0 ? { borderColor: '#ff4d4f' } : undefined}
      title={
        <Flex vertical style={{ padding: '6px 0', minWidth: 0 }}>
          <Typography.Text strong ellipsis>
            #{line.lineNo} {line.sku} · {line.productName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {line.modelSpec} · GTIN {line.gtin ?? EMPTY_VALUE}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Tag color={open > 0 ? 'blue' : 'green'} style={{ marginInlineEnd: 0 }}>
          {t('purchasing.receiving.openOf', { open, quantity: line.quantity })}
        </Tag>
      }
    >
      <Flex vertical gap={12}>
        {serverError ? (
          <Alert
            type="error"
            showIcon
            title={describeError(serverError, t)}
            data-testid={`${testId}-server-error`}
          />
        ) : null}
        {problems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            data-testid={`${testId}-problems`}
            title={problems.map(problemText).join('；')}
          />
        )}
        <Segmented<ReceiptLineDraft['mode']>
          data-testid={`${testId}-mode`}
          value={draft.mode}
          onChange={(mode) => onChange({ mode })}
          options={[
            { value: 'scan', label: t('purchasing.receiving.modeScan') },
            { value: 'manual', label: t('purchasing.receiving.modeManual') },
          ]}
        />
        {draft.mode === 'scan' ? (
          <Flex vertical gap={8}>
            <ScanInput
              ref={scanRef}
              testId={`${testId}-scan`}
              value={scanText}
              onChange={setScanText}
              onSubmit={(code) => void scan(code)}
              placeholder={t('purchasing.receiving.scanPlaceholder')}
              status={scanError ? 'error' : undefined}
            />
            {scanText.includes(GROUP_SEPARATOR) && <ScannedText text={scanText} />}
            {scanError ? (
              <Alert
                type="error"
                showIcon
                title={describeError(scanError, t)}
                data-testid={`${testId}-scan-error`}
              />
            ) : null}
            {draft.scanned && (
              <Descriptions
                data-testid={`${testId}-parsed`}
                size="small"
                bordered
                column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 3, xxl: 3 }}
                items={[
                  {
                    key: 'gtin',
                    label: 'GTIN',
                    children: (
                      <Flex gap={6} align="center" data-testid={`${testId}-parsed-gtin`}>
                        {draft.scanned.gtin ?? EMPTY_VALUE}
                        {gtinMatches === true && <CheckCircleFilled style={{ color: '#52c41a' }} />}
                        {gtinMatches === false && (
                          <Tag color="red" icon={<WarningFilled />}>
                            {t('purchasing.receiving.gtinMismatch')}
                          </Tag>
                        )}
                      </Flex>
                    ),
                  },
                  {
                    key: 'lot',
                    label: t('purchasing.fields.lotNumber'),
                    children: (
                      <span data-testid={`${testId}-parsed-lot`}>{draft.scanned.lot ?? EMPTY_VALUE}</span>
                    ),
                  },
                  {
                    key: 'expiry',
                    label: t('purchasing.fields.expiryDate'),
                    children: (
                      <Flex gap={6} align="center" data-testid={`${testId}-parsed-expiry`}>
                        {draft.scanned.expiry ? formatDate(draft.scanned.expiry, lang) : EMPTY_VALUE}
                        {draft.scanned.isExpired && (
                          <Tag color="red">{t('purchasing.receiving.expired')}</Tag>
                        )}
                      </Flex>
                    ),
                  },
                  {
                    key: 'productionDate',
                    label: t('purchasing.fields.productionDate'),
                    children: draft.scanned.productionDate
                      ? formatDate(draft.scanned.productionDate, lang)
                      : EMPTY_VALUE,
                  },
                  {
                    key: 'serial',
                    label: t('purchasing.fields.serial'),
                    children: draft.scanned.serial ?? EMPTY_VALUE,
                  },
                ]}
              />
            )}
          </Flex>
        ) : (
          <Flex gap={12} wrap>
            <Flex vertical gap={4} style={{ flex: '1 1 160px' }}>
              <Typography.Text>{t('purchasing.fields.lotNumber')}</Typography.Text>
              <Input
                data-testid={`${testId}-lot`}
                value={draft.lotNumber}
                maxLength={20}
                status={problems.includes('lotRequired') ? 'error' : undefined}
                onChange={(event) => onChange({ lotNumber: event.target.value })}
              />
            </Flex>
            <Flex vertical gap={4} style={{ flex: '1 1 150px' }}>
              <Typography.Text>{t('purchasing.fields.expiryDate')}</Typography.Text>
              <DatePicker
                data-testid={`${testId}-expiry`}
                value={draft.expiryDate ? dayjs(draft.expiryDate) : null}
                status={problems.includes('expiryRequired') ? 'error' : undefined}
                onChange={(value) => onChange({ expiryDate: value ? value.format('YYYY-MM-DD') : null })}
                style={{ width: '100%' }}
              />
            </Flex>
            <Flex vertical gap={4} style={{ flex: '1 1 150px' }}>
              <Typography.Text>{t('purchasing.fields.productionDate')}</Typography.Text>
              <DatePicker
                data-testid={`${testId}-production`}
                value={draft.productionDate ? dayjs(draft.productionDate) : null}
                onChange={(value) => onChange({ productionDate: value ? value.format('YYYY-MM-DD') : null })}
                style={{ width: '100%' }}
              />
            </Flex>
          </Flex>
        )}
        {(isSerialTracked || draft.serials.length > 0) && (
          <Flex vertical gap={4}>
            <Typography.Text>
              {t('purchasing.fields.serials')}
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {t('purchasing.receiving.serialsHint')}
              </Typography.Text>
            </Typography.Text>
            <Select
              mode="tags"
              data-testid={`${testId}-serials`}
              value={draft.serials}
              onChange={(serials: string[]) => onChange({ serials })}
              tokenSeparators={[',', ' ', '，']}
              open={false}
              style={{ width: '100%' }}
            />
          </Flex>
        )}
        <Flex gap={12} wrap>
          <Flex vertical gap={4} style={{ flex: '1 1 100px' }}>
            <Typography.Text>{t('purchasing.fields.quantityAccepted')}</Typography.Text>
            <InputNumber<number>
              data-testid={`${testId}-accepted`}
              value={draft.quantityAccepted}
              precision={0}
              min={0}
              max={10_000_000}
              onChange={(value) => onChange({ quantityAccepted: value })}
              style={{ width: '100%' }}
            />
          </Flex>
          <Flex vertical gap={4} style={{ flex: '1 1 100px' }}>
            <Typography.Text>{t('purchasing.fields.quantityRejected')}</Typography.Text>
            <InputNumber<number>
              data-testid={`${testId}-rejected`}
              value={draft.quantityRejected}
              precision={0}
              min={0}
              max={10_000_000}
              onChange={(value) => onChange({ quantityRejected: value })}
              style={{ width: '100%' }}
            />
          </Flex>
          <Flex vertical gap={4} style={{ flex: '1 1 150px' }}>
            <Typography.Text>{t('purchasing.fields.inspectionResult')}</Typography.Text>
            <Select<InspectionResult>
              allowClear
              data-testid={`${testId}-result`}
              value={draft.inspectionResult ?? undefined}
              status={problems.includes('resultContradicts') ? 'error' : undefined}
              placeholder={
                derived
                  ? t('purchasing.receiving.resultAuto', {
                      result: t(`purchasing.inspectionResults.${derived}`),
                    })
                  : t('purchasing.receiving.resultNone')
              }
              onChange={(value) => onChange({ inspectionResult: value ?? null })}
              options={results.map((value) => ({ value, label: t(`purchasing.inspectionResults.${value}`) }))}
              style={{ width: '100%' }}
            />
          </Flex>
        </Flex>
        <Flex gap={12} wrap>
          <Flex vertical gap={4} style={{ flex: '1 1 140px' }}>
            <Typography.Text>{t('purchasing.fields.inspector')}</Typography.Text>
            <Input
              data-testid={`${testId}-inspector`}
              value={draft.inspector}
              maxLength={100}
              status={problems.includes('inspectorRequired') ? 'error' : undefined}
              onChange={(event) => onChange({ inspector: event.target.value })}
            />
          </Flex>
          <Flex vertical gap={4} style={{ flex: '1 1 180px' }}>
            <Typography.Text>{t('purchasing.fields.reportRef')}</Typography.Text>
            <Input
              data-testid={`${testId}-report`}
              value={draft.reportRef}
              maxLength={100}
              placeholder={isMobile ? undefined : t('purchasing.receiving.reportPlaceholder')}
              onChange={(event) => onChange({ reportRef: event.target.value })}
            />
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}
