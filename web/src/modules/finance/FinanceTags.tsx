import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  InvoiceStatus,
  PaymentMethod,
  returnStatuses,
  writeOffStatuses,
} from '../../../../contracts/finance.ts';
import { invoiceStatusColours } from './finance.rules.ts';

type WriteOffStatus = (typeof writeOffStatuses)[number];
type ReturnStatus = (typeof returnStatuses)[number];

export function InvoiceStatusTag({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={invoiceStatusColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`finance.invoiceStatuses.${status}`)}
    </Tag>
  );
}

const writeOffColours: Record<WriteOffStatus, string> = {
  requested: 'gold',
  approved: 'green',
  rejected: 'red',
};

export function WriteOffStatusTag({ status }: { status: WriteOffStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={writeOffColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`finance.writeOffStatuses.${status}`)}
    </Tag>
  );
}

const returnColours: Record<ReturnStatus, string> = { awaiting_inspection: 'gold', inspected: 'green' };

export function ReturnStatusTag({ status }: { status: ReturnStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={returnColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`finance.returnStatuses.${status}`)}
    </Tag>
  );
}

const methodColours: Record<PaymentMethod, string> = {
  bank_transfer: 'blue',
  acceptance_bill: 'purple',
  cash: 'green',
};

export function PaymentMethodTag({ method }: { method: PaymentMethod }) {
  const { t } = useTranslation();
  return (
    <Tag color={methodColours[method]} style={{ marginInlineEnd: 0 }}>
      {t(`finance.paymentMethods.${method}`)}
    </Tag>
  );
}
