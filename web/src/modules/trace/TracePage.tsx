import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Input, List, Skeleton, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Lot } from '../../../../contracts/inventory.ts';
import { apiGet } from '../../shared/api.ts';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { formatDate } from '../../shared/format.ts';
import { productNameIn } from '../../shared/names.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { ScanInput } from '../../shared/ScanInput.tsx';
import { GROUP_SEPARATOR, looksLikeUdi } from '../../shared/udiText.ts';
import { LotStatusTag, ProductSelect } from '../inventory/index.ts';
import { ScannedText } from '../udi/ScannedText.tsx';
import { TraceResult } from './TraceResult.tsx';
import { type TraceTarget, useForwardTrace } from './trace.api.ts';

interface LotPage {
  items: Lot[];
  total: number;
}

/** The trace target named by the address: ?lotId=, ?udi=, or ?productId=&lot= (each with &serial=). */
function targetFrom(params: URLSearchParams): TraceTarget | null {
  const serial = params.get('serial')?.trim() || undefined;
  const lotId = Number(params.get('lotId'));
  if (Number.isInteger(lotId) && lotId > 0) return { kind: 'lot', lotId, serial };
  const udi = params.get('udi');
  if (udi) return { kind: 'udi', udi, serial };
  const productId = Number(params.get('productId'));
  const lotNumber = params.get('lot')?.trim();
  if (Number.isInteger(productId) && productId > 0 && lotNumber) {
    return { kind: 'number', productId, lotNumber, serial };
  }
  return null;
}

/** Traceability: from a lot or a scanned UDI forward to customers and stock, and back to the supplier. */
export function TracePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const target = useMemo(() => targetFrom(params), [params]);
  const trace = useForwardTrace(target);
  const [text, setText] = useState(() => params.get('udi') ?? params.get('lot') ?? '');
  const [productId, setProductId] = useState<number | undefined>(() => {
    const id = Number(params.get('productId'));
    return Number.isInteger(id) && id > 0 ? id : undefined;
  });
  const [serial, setSerial] = useState(() => params.get('serial') ?? '');
  const [candidates, setCandidates] = useState<Lot[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [isSearching, setSearching] = useState(false);

  function go(next: Record<string, string | undefined>) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
    setParams(search);
  }

  async function search(value: string) {
    const code = value.trim() ? value : '';
    setCandidates(null);
    setSearchError(null);
    if (!code) return;
    const serialParam = serial.trim() || undefined;
    if (looksLikeUdi(code)) {
      go({ udi: code, serial: serialParam });
      return;
    }
    const lotNumber = code.trim();
    if (productId !== undefined) {
      go({ productId: String(productId), lot: lotNumber, serial: serialParam });
      return;
    }
    // A lot number without a product: find the lots that carry it.
    setSearching(true);
    try {
      const page = await apiGet<LotPage>('/api/lots', { query: { q: lotNumber, pageSize: 50 } });
      const exact = page.items.filter((lot) => lot.lotNumber.toLowerCase() === lotNumber.toLowerCase());
      const found = exact.length > 0 ? exact : page.items;
      const only = found.length === 1 ? found[0] : undefined;
      if (only) go({ lotId: String(only.id), serial: serialParam });
      else setCandidates(found);
    } catch (error) {
      setSearchError(error);
    } finally {
      setSearching(false);
    }
  }

  return (
    <Flex vertical gap={16}>
      <Card title={t('trace.title')} styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('trace.intro')}
          </Typography.Paragraph>
          <ScanInput
            testId="trace-input"
            size="large"
            autoFocus
            value={text}
            onChange={setText}
            onSubmit={(value) => void search(value)}
            placeholder={t('trace.placeholder')}
            addonAfter={
              <Button
                type="primary"
                size="large"
                icon={<SearchOutlined />}
                loading={isSearching || trace.isFetching}
                data-testid="trace-search"
                onClick={() => void search(text)}
              >
                {isMobile ? null : t('trace.search')}
              </Button>
            }
          />
          {text.includes(GROUP_SEPARATOR) && <ScannedText text={text} />}
          <Flex gap={8} wrap>
            <ProductSelect
              allowClear
              testId="trace-product"
              placeholder={t('trace.productPlaceholder')}
              value={productId}
              onChange={setProductId}
              style={{ width: isMobile ? '100%' : 320 }}
            />
            <Input
              data-testid="trace-serial"
              allowClear
              placeholder={t('trace.serialPlaceholder')}
              value={serial}
              maxLength={20}
              onChange={(event) => setSerial(event.target.value)}
              onPressEnter={() => void search(text)}
              style={{ width: isMobile ? '100%' : 200 }}
            />
          </Flex>
        </Flex>
      </Card>

      {searchError ? <ErrorAlert error={searchError} /> : null}
      {candidates !== null &&
        (candidates.length === 0 ? (
          <Alert
            type="info"
            showIcon
            data-testid="trace-no-lot"
            title={t('trace.noLot', { lot: text.trim() })}
          />
        ) : (
          <Card size="small" title={t('trace.chooseLot')}>
            <List
              data-testid="trace-candidates"
              size="small"
              dataSource={candidates}
              renderItem={(lot) => (
                <List.Item
                  actions={[
                    <Button
                      key="trace"
                      size="small"
                      data-testid={`trace-candidate-${lot.id}`}
                      onClick={() => {
                        setCandidates(null);
                        go({ lotId: String(lot.id), serial: serial.trim() || undefined });
                      }}
                    >
                      {t('trace.traceThis')}
                    </Button>,
                  ]}
                >
                  <Flex gap={8} wrap align="center">
                    <Typography.Text strong>{lot.lotNumber}</Typography.Text>
                    <span>
                      {lot.sku} · {productNameIn(lang, lot)}
                    </span>
                    <Typography.Text type="secondary">{formatDate(lot.expiryDate, lang)}</Typography.Text>
                    <LotStatusTag status={lot.status} />
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        ))}

      {target === null && candidates === null ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('trace.waiting')} />
        </Card>
      ) : null}
      {target !== null && trace.isLoading && <Skeleton active />}
      {target !== null && trace.error ? (
        <Alert type="error" showIcon data-testid="trace-error" title={describeError(trace.error, t)} />
      ) : null}
      {target !== null && trace.data && !trace.error ? <TraceResult trace={trace.data} /> : null}
    </Flex>
  );
}
