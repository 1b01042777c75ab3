import { ClearOutlined, ScanOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Flex,
  Input,
  type InputRef,
  List,
  Space,
  Tag,
  Typography,
  theme,
} from 'antd';
import { type KeyboardEvent, type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UdiParseResult } from '../../../../contracts/catalog.ts';
import { describeError } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { GROUP_SEPARATOR, ScannedText } from './ScannedText.tsx';
import { udiErrorPosition, useParseUdi } from './udi.api.ts';

type Scan =
  | { id: number; text: string; ok: true; result: UdiParseResult }
  | { id: number; text: string; ok: false; error: unknown };

const MAX_RECENT = 10;

/**
 * A scanner in keyboard mode types the code and presses Enter. It sends the GS1 group
 * separator as the character 29 (kept as typed), or as Ctrl+] on some models (turned into 29 here).
 */
function isGroupSeparatorKey(event: KeyboardEvent<HTMLInputElement>): boolean {
  if (event.key === GROUP_SEPARATOR) return true;
  return (
    event.ctrlKey && !event.altKey && !event.metaKey && (event.key === ']' || event.code === 'BracketRight')
  );
}

export function UdiScanPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { token } = theme.useToken();
  const parse = useParseUdi();
  const inputRef = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [recent, setRecent] = useState<Scan[]>([]);
  const [shownId, setShownId] = useState<number | null>(null);
  const nextId = useRef(1);
  const latestId = useRef(0);
  const pendingCaret = useRef<number | null>(null);

  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    const element = inputRef.current?.input;
    element?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  function focusForNextScan() {
    // Selected, so the next scan replaces this one; focused, so the scanner's keystrokes land here.
    inputRef.current?.focus({ cursor: 'all' });
  }

  async function submit(code: string) {
    if (!code) return;
    const id = nextId.current++;
    latestId.current = id;
    setShownId(id);
    let scan: Scan;
    try {
      scan = { id, text: code, ok: true, result: await parse.mutateAsync(code) };
    } catch (error) {
      scan = { id, text: code, ok: false, error };
    }
    setRecent((list) => [scan, ...list].slice(0, MAX_RECENT));
    if (latestId.current === id) focusForNextScan();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void submit(text);
      return;
    }
    if (isGroupSeparatorKey(event)) {
      event.preventDefault();
      const element = event.currentTarget;
      const start = element.selectionStart ?? text.length;
      const end = element.selectionEnd ?? start;
      setText(text.slice(0, start) + GROUP_SEPARATOR + text.slice(end));
      pendingCaret.current = start + 1;
    }
  }

  const shown = recent.find((scan) => scan.id === shownId);
  const isPending = parse.isPending && shown === undefined;

  return (
    <Flex vertical gap={16}>
      <Card title={t('udi.title')} styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('udi.intro')}
          </Typography.Paragraph>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              ref={inputRef}
              data-testid="udi-input"
              aria-label={t('udi.inputLabel')}
              size="large"
              autoFocus
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              prefix={<ScanOutlined />}
              placeholder={t('udi.placeholder')}
              value={text}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={onKeyDown}
              style={{ fontFamily: 'monospace' }}
            />
            <Button
              size="large"
              type="primary"
              data-testid="udi-parse"
              loading={parse.isPending}
              onClick={() => void submit(text)}
            >
              {t('udi.parse')}
            </Button>
            <Button
              size="large"
              icon={<ClearOutlined />}
              aria-label={t('udi.clear')}
              title={t('udi.clear')}
              onClick={() => {
                setText('');
                inputRef.current?.focus();
              }}
            />
          </Space.Compact>
          {text.includes(GROUP_SEPARATOR) && <ScannedText text={text} testId="udi-preview" />}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('udi.gsHint')}
          </Typography.Text>
        </Flex>
      </Card>

      <Card styles={{ body: { padding: isMobile ? 12 : undefined } }}>
        <div
          data-testid="udi-result"
          data-status={shown ? (shown.ok ? 'ok' : 'error') : isPending ? 'pending' : 'empty'}
        >
          {shown ? (
            <ScanResult scan={shown} />
          ) : isPending ? (
            <Typography.Text type="secondary">{t('udi.pending')}</Typography.Text>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('udi.waiting')} />
          )}
        </div>
      </Card>

      {recent.length > 1 && (
        <Card title={t('udi.recent')} size="small">
          <List
            size="small"
            dataSource={recent}
            renderItem={(scan) => (
              <List.Item
                style={{
                  cursor: 'pointer',
                  background: scan.id === shownId ? token.controlItemBgActive : undefined,
                }}
                onClick={() => setShownId(scan.id)}
              >
                <Flex gap={8} align="center" style={{ minWidth: 0, width: '100%' }}>
                  <Tag color={scan.ok ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>
                    {scan.ok ? t('udi.parsedOk') : t('udi.parseFailed')}
                  </Tag>
                  <Typography.Text
                    ellipsis
                    style={{ fontFamily: 'monospace', minWidth: 0, flex: 1 }}
                    title={scan.text.replaceAll(GROUP_SEPARATOR, '<GS>')}
                  >
                    {scan.text.replaceAll(GROUP_SEPARATOR, '<GS>')}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Flex>
  );
}

function ScanResult({ scan }: { scan: Scan }) {
  const { t } = useTranslation();
  const lang = useLanguage();

  if (!scan.ok) {
    const position = udiErrorPosition(scan.error);
    return (
      <Flex vertical gap={12}>
        <Alert
          type="error"
          showIcon
          data-testid="udi-error"
          title={describeError(scan.error, t)}
          description={
            position === null
              ? undefined
              : position >= scan.text.length
                ? t('udi.endedEarly')
                : t('udi.markedHint')
          }
        />
        <div>
          <Typography.Text type="secondary">
            {t('udi.scanned')} · {t('udi.characters', { count: scan.text.length })}
          </Typography.Text>
          <ScannedText text={scan.text} errorPosition={position} testId="udi-scanned" />
        </div>
      </Flex>
    );
  }

  const { result } = scan;
  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);
  const field = (key: string, label: string, value: ReactNode) => ({
    key,
    label,
    children: <span data-testid={`udi-field-${key}`}>{value}</span>,
  });
  const items: NonNullable<DescriptionsProps['items']> = [
    field('format', t('udi.fields.format'), t(`udi.formats.${result.format}`)),
    field('gtin', t('udi.fields.gtin'), result.gtin ?? EMPTY_VALUE),
    field('lot', t('udi.fields.lot'), result.lot ?? EMPTY_VALUE),
    field('serial', t('udi.fields.serial'), result.serial ?? EMPTY_VALUE),
    field('productionDate', t('udi.fields.productionDate'), date(result.productionDate)),
    field(
      'expiry',
      t('udi.fields.expiry'),
      <Space size={6}>
        {date(result.expiry)}
        {result.isExpired && <Tag color="red">{t('udi.expired')}</Tag>}
      </Space>,
    ),
  ];
  if (result.expiryDateTime) {
    items.push(
      field('expiryDateTime', t('udi.fields.expiryDateTime'), result.expiryDateTime.replace('T', ' ')),
    );
  }
  if (result.additionalId)
    items.push(field('additionalId', t('udi.fields.additionalId'), result.additionalId));
  if (result.count !== null) items.push(field('count', t('udi.fields.count'), result.count));
  if (result.hibc) {
    const { hibc } = result;
    const parts = [
      hibc.deviceIdentifier && `DI ${hibc.deviceIdentifier}`,
      hibc.labelerId && `LIC ${hibc.labelerId}`,
      hibc.productCode && `PCN ${hibc.productCode}`,
      hibc.unitOfMeasure !== null && `U/M ${hibc.unitOfMeasure}`,
      hibc.linkCharacter && `Link ${hibc.linkCharacter}`,
      `Check ${hibc.checkCharacter}`,
    ].filter(Boolean);
    items.push(field('hibc', t('udi.hibc'), parts.join(' · ')));
  }
  if (result.gtin || result.product) {
    items.push(
      field(
        'product',
        t('udi.fields.product'),
        result.product ? (
          `${result.product.sku} · ${lang === 'en' ? result.product.nameEn : result.product.nameZh}`
        ) : (
          <Typography.Text type="secondary">{t('udi.noProduct')}</Typography.Text>
        ),
      ),
    );
  }

  return (
    <Flex vertical gap={12}>
      <Flex align="center" gap={8} wrap>
        <Tag color="green">{t('udi.parsedOk')}</Tag>
        <Typography.Text type="secondary">{t('udi.characters', { count: scan.text.length })}</Typography.Text>
      </Flex>
      <ScannedText text={scan.text} testId="udi-scanned" />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
        items={items}
      />
    </Flex>
  );
}
