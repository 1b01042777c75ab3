import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { lotStatuses } from '../../../../contracts/inventory.ts';
import { expiryColours, expiryLevel } from './expiry.ts';

type LotStatus = (typeof lotStatuses)[number];

export const lotStatusColours: Record<LotStatus, string> = {
  released: 'green',
  quarantine: 'blue',
  on_hold: 'orange',
  recalled: 'red',
};

export function LotStatusTag({
  status,
  reason,
  recallLevel,
}: {
  status: LotStatus;
  reason?: string | null;
  recallLevel?: number | null;
}) {
  const { t } = useTranslation();
  const label =
    status === 'recalled' && recallLevel
      ? `${t('inventory.lotStatuses.recalled')} · ${t('inventory.lots.levelShort', { level: recallLevel })}`
      : t(`inventory.lotStatuses.${status}`);
  const tag = (
    <Tag color={lotStatusColours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {label}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

/** Days to expiry with a near-expiry or expired tag. */
export function ExpiryTag({ daysToExpiry }: { daysToExpiry: number }) {
  const { t } = useTranslation();
  const level = expiryLevel(daysToExpiry);
  const text =
    daysToExpiry < 0
      ? t('inventory.expiry.expiredDays', { count: -daysToExpiry })
      : t('inventory.expiry.daysLeft', { count: daysToExpiry });
  if (level === 'ok') return <span data-expiry={level}>{text}</span>;
  return (
    <Tag color={expiryColours[level]} style={{ marginInlineEnd: 0 }} data-expiry={level}>
      {level === 'expired' ? `${t('inventory.expiry.expired')} · ${text}` : text}
    </Tag>
  );
}
