import {
  Alert,
  App,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Segmented,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../../../../contracts/finance.ts';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { formatFenAsYuanInput, parseYuanToFen } from '../../../shared/money.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { SaveErrorAlert } from '../../../shared/SaveErrorAlert.tsx';
import {
  useCancelInvoice,
  useCreateCreditNote,
  useRequestWriteOff,
  useUpdateInvoice,
} from '../finance.api.ts';
import { type CreditLineDraft, toCreditNoteLines, VAT_INVOICE_NUMBER } from '../finance.rules.ts';
import { useIdempotencyKey } from '../useIdempotencyKey.ts';

interface ActionProps {
  invoice: Invoice;
  onClose: () => void;
  /** Loads the invoice as it is now, after someone else changed it. */
  onReload: () => void;
}

function reasonRules(
  t: (key: 'finance.validation.reasonRequired' | 'finance.validation.reasonLength') => string,
) {
  return [
    { required: true, whitespace: true, message: t('finance.validation.reasonRequired') },
    { min: 2, max: 500, message: t('finance.validation.reasonLength') },
  ];
}

/** Records the Golden Tax (金税) VAT invoice number once the paper invoice is printed. */
export function VatNumberModal({ invoice, onClose, onReload }: ActionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateInvoice();
  const [form] = Form.useForm<{ vatInvoiceNumber: string }>();

  async function submit({ vatInvoiceNumber }: { vatInvoiceNumber: string }) {
    try {
      await update.mutateAsync({
        id: invoice.id,
        changes: { version: invoice.version, vatInvoiceNumber: vatInvoiceNumber.trim() || null },
      });
      void message.success(t('common.saved'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('finance.invoices.vatTitle', { number: invoice.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={update.isPending}
          data-testid="invoice-vat-save"
          onClick={() => form.submit()}
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      <SaveErrorAlert error={update.error} onReload={onReload} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ vatInvoiceNumber: invoice.vatInvoiceNumber ?? '' }}
        onFinish={submit}
      >
        <Form.Item
          name="vatInvoiceNumber"
          label={t('finance.fields.vatInvoiceNumber')}
          extra={t('finance.invoices.vatHint')}
          rules={[
            {
              validator: (_rule, value: string) =>
                !value?.trim() || VAT_INVOICE_NUMBER.test(value.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('finance.validation.vatFormat'))),
            },
          ]}
        >
          <Input data-testid="invoice-vat-input" maxLength={32} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A credit note (红字发票): units of lines taken back, a price allowance per line, or everything left. */
export function CreditNoteModal({ invoice, onClose }: ActionProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const create = useCreateCreditNote();
  const keyFor = useIdempotencyKey();
  const [mode, setMode] = useState<'all' | 'units' | 'allowance'>('units');
  const [drafts, setDrafts] = useState<CreditLineDraft[]>(() =>
    invoice.lines.map((line) => ({ invoiceLineId: line.id, quantity: null, allowance: '' })),
  );
  const [reason, setReason] = useState('');
  const [creditDate, setCreditDate] = useState<Dayjs | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const money = (minor: number) => formatAmount(minor, invoice.currency, lang);

  function patch(index: number, change: Partial<CreditLineDraft>) {
    setDrafts((current) => current.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));
  }

  async function submit() {
    setProblem(null);
    if (reason.trim().length < 2) {
      setProblem(t('finance.validation.reasonLength'));
      return;
    }
    let lines: ReturnType<typeof toCreditNoteLines> | undefined;
    if (mode !== 'all') {
      lines = toCreditNoteLines(mode, drafts);
      if (lines === null) {
        setProblem(t('finance.validation.amountFormat'));
        return;
      }
      if (lines.length === 0) {
        setProblem(t('finance.creditNotes.nothing'));
        return;
      }
    }
    const input = {
      invoiceId: invoice.id,
      reason: reason.trim(),
      creditDate: creditDate?.format('YYYY-MM-DD'),
      ...(lines ? { lines } : {}),
    };
    try {
      const note = await create.mutateAsync({ input, key: keyFor(input) });
      void message.success(
        t('finance.creditNotes.created', { number: note.number, amount: money(note.grossAmount) }),
      );
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      width={isMobile ? '100%' : 820}
      title={t('finance.creditNotes.title', { number: invoice.number })}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          danger
          loading={create.isPending}
          data-testid="credit-note-submit"
          onClick={() => void submit()}
        >
          {t('finance.creditNotes.submit')}
        </Button>,
      ]}
    >
      <Flex vertical gap={12} data-testid="credit-note-form">
        <Segmented<'all' | 'units' | 'allowance'>
          data-testid="credit-note-mode"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'units', label: t('finance.creditNotes.modes.units') },
            { value: 'allowance', label: t('finance.creditNotes.modes.allowance') },
            { value: 'all', label: t('finance.creditNotes.modes.all') },
          ]}
        />
        <Typography.Text type="secondary">{t(`finance.creditNotes.hints.${mode}`)}</Typography.Text>
        {mode !== 'all' && (
          <Table
            data-testid="credit-note-lines"
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={invoice.lines}
            columns={[
              { key: 'lineNo', title: '#', dataIndex: 'lineNo', width: 40 },
              { key: 'sku', title: 'SKU', dataIndex: 'sku' },
              { key: 'lot', title: t('finance.fields.lot'), dataIndex: 'lotNumber' },
              {
                key: 'quantity',
                title: t('finance.creditNotes.creditable'),
                align: 'right',
                render: (_v, line) => `${line.quantity - line.creditedQuantity} / ${line.quantity}`,
              },
              {
                key: 'net',
                title: t('finance.fields.net'),
                align: 'right',
                render: (_v, line) => money(line.netAmount),
              },
              {
                key: 'input',
                title: mode === 'units' ? t('finance.creditNotes.units') : t('finance.creditNotes.allowance'),
                width: 160,
                render: (_v, line, index) =>
                  mode === 'units' ? (
                    <InputNumber<number>
                      data-testid={`credit-note-qty-${line.id}`}
                      size="small"
                      precision={0}
                      min={0}
                      max={Math.max(0, line.quantity - line.creditedQuantity)}
                      value={drafts[index]?.quantity ?? null}
                      onChange={(value) => patch(index, { quantity: value })}
                      style={{ width: '100%' }}
                    />
                  ) : (
                    <Input
                      data-testid={`credit-note-amount-${line.id}`}
                      size="small"
                      inputMode="decimal"
                      prefix={invoice.currency === 'CNY' ? '¥' : invoice.currency}
                      placeholder="0.00"
                      value={drafts[index]?.allowance ?? ''}
                      status={
                        drafts[index]?.allowance && parseYuanToFen(drafts[index]?.allowance ?? '') === null
                          ? 'error'
                          : undefined
                      }
                      onChange={(event) => patch(index, { allowance: event.target.value })}
                    />
                  ),
              },
            ]}
          />
        )}
        <Flex gap={12} wrap>
          <Flex vertical gap={4} style={{ flex: '2 1 280px' }}>
            <Typography.Text>{t('finance.fields.reason')}</Typography.Text>
            <Input.TextArea
              data-testid="credit-note-reason"
              rows={2}
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </Flex>
          <Flex vertical gap={4} style={{ flex: '1 1 160px' }}>
            <Typography.Text>{t('finance.creditNotes.date')}</Typography.Text>
            <DatePicker
              data-testid="credit-note-date"
              value={creditDate}
              onChange={setCreditDate}
              placeholder={t('finance.todayPlaceholder')}
              style={{ width: '100%' }}
            />
          </Flex>
        </Flex>
        {problem && <Alert type="warning" showIcon title={problem} />}
        <ErrorAlert error={create.error} testId="credit-note-error" />
      </Flex>
    </Modal>
  );
}

/** Asks for a write-off of what is open; someone else with finance:approve decides. */
export function WriteOffRequestModal({ invoice, onClose }: ActionProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { message } = App.useApp();
  const request = useRequestWriteOff();
  const keyFor = useIdempotencyKey();
  const [form] = Form.useForm<{ amount: string; reason: string }>();

  async function submit(values: { amount: string; reason: string }) {
    const amount = parseYuanToFen(values.amount) ?? undefined;
    const body = { reason: values.reason.trim(), ...(amount === invoice.openAmount ? {} : { amount }) };
    try {
      const writeOff = await request.mutateAsync({
        invoiceId: invoice.id,
        body,
        key: keyFor([invoice.id, body]),
      });
      void message.success(t('finance.writeOffs.requested', { number: writeOff.number }));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('finance.writeOffs.requestTitle', { number: invoice.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          danger
          loading={request.isPending}
          data-testid="write-off-request-submit"
          onClick={() => form.submit()}
        >
          {t('finance.writeOffs.request')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        {t('finance.writeOffs.requestHint', {
          open: formatAmount(invoice.openAmount, invoice.currency, lang),
        })}
      </Typography.Paragraph>
      <ErrorAlert error={request.error} testId="write-off-request-error" style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: formatFenAsYuanInput(invoice.openAmount), reason: '' }}
        onFinish={submit}
      >
        <Form.Item
          name="amount"
          label={t('finance.fields.amountIn', { currency: invoice.currency })}
          rules={[
            { required: true, message: t('finance.validation.amountRequired') },
            {
              validator: (_rule, value: string) => {
                const minor = parseYuanToFen(value ?? '');
                if (minor === null || minor <= 0)
                  return Promise.reject(new Error(t('finance.validation.amountFormat')));
                if (minor > invoice.openAmount)
                  return Promise.reject(new Error(t('finance.validation.overOpen')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input data-testid="write-off-amount" inputMode="decimal" />
        </Form.Item>
        <Form.Item name="reason" label={t('finance.fields.reason')} rules={reasonRules(t)}>
          <Input.TextArea data-testid="write-off-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Cancels an invoice nothing was settled on: its journal is reversed, its lines can be invoiced again. */
export function CancelInvoiceModal({ invoice, onClose, onReload }: ActionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cancel = useCancelInvoice();
  const [form] = Form.useForm<{ reason: string }>();

  async function submit({ reason }: { reason: string }) {
    try {
      await cancel.mutateAsync({ id: invoice.id, body: { version: invoice.version, reason: reason.trim() } });
      void message.success(t('finance.invoices.cancelled'));
      onClose();
    } catch {
      // Shown by the alert.
    }
  }

  return (
    <Modal
      open
      title={t('finance.invoices.cancelTitle', { number: invoice.number })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="back" onClick={onClose}>
          {t('common.back')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          loading={cancel.isPending}
          data-testid="invoice-cancel-confirm"
          onClick={() => form.submit()}
        >
          {t('finance.invoices.cancel')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('finance.invoices.cancelHint')}</Typography.Paragraph>
      <SaveErrorAlert error={cancel.error} onReload={onReload} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reason: '' }}>
        <Form.Item name="reason" label={t('finance.fields.reason')} rules={reasonRules(t)}>
          <Input.TextArea data-testid="invoice-cancel-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
