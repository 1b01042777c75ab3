import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EMPTY_VALUE, formatDate, formatMoney } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import type { DataQualityIssue } from './dataquality.rules.ts';

const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const numberOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const classKeyOf = (value: unknown) => (value === 1 ? '1' : value === 2 ? '2' : value === 3 ? '3' : null);

/** The finding's particulars (dates, codes, the other customer of a duplicate) in the user's language. */
export function IssueDetail({ issue }: { issue: DataQualityIssue }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const detail = issue.detail;
  const parts: ReactNode[] = [];

  const validUntil =
    textOf(detail.validUntil) ?? textOf(detail.certificateExpiry) ?? textOf(detail.licenceValidUntil);
  if (validUntil) parts.push(t('dataQuality.details.validUntil', { date: formatDate(validUntil, lang) }));
  const daysLeft = numberOf(detail.daysLeft);
  if (daysLeft !== null) parts.push(t('dataQuality.details.daysLeft', { count: daysLeft }));

  const otherName = textOf(detail.otherName);
  if (otherName) {
    const otherId = numberOf(detail.otherId);
    const similarity = numberOf(detail.similarity);
    const text = t('dataQuality.details.similarTo', {
      name: otherName,
      similarity: similarity === null ? EMPTY_VALUE : similarity.toFixed(2),
    });
    parts.push(
      otherId ? (
        <Link key="other" to={`/customers/${otherId}`}>
          {text}
        </Link>
      ) : (
        text
      ),
    );
  }

  const paymentTermsDays = numberOf(detail.paymentTermsDays);
  if (paymentTermsDays !== null) {
    parts.push(t('dataQuality.details.paymentTerms', { count: paymentTermsDays }));
  }
  const taxId = textOf(detail.taxId);
  if (taxId) parts.push(t('dataQuality.details.taxId', { value: taxId }));
  const gtin = textOf(detail.gtin);
  if (gtin) parts.push(t('dataQuality.details.gtin', { value: gtin }));

  const certificateNumber = textOf(detail.certificateNumber);
  const deviceClass = classKeyOf(detail.deviceClass);
  const certificateClass = classKeyOf(detail.certificateClass);
  if (certificateNumber) parts.push(t('dataQuality.details.certificateNumber', { value: certificateNumber }));
  if (deviceClass && certificateClass) {
    parts.push(
      t('dataQuality.details.classMismatch', {
        certificateClass: t(`common.deviceClasses.${certificateClass}`),
        deviceClass: t(`common.deviceClasses.${deviceClass}`),
      }),
    );
  }

  const storageCondition = textOf(detail.storageCondition);
  if (storageCondition) parts.push(t('dataQuality.details.storageCondition', { value: storageCondition }));
  const floor = numberOf(detail.floorPriceFen);
  const list = numberOf(detail.listPriceFen);
  if (floor !== null && list !== null) {
    parts.push(
      t('dataQuality.details.prices', { floor: formatMoney(floor, lang), list: formatMoney(list, lang) }),
    );
  }

  if (parts.length === 0) {
    // A rule this screen does not know yet: show what the server said rather than nothing.
    const keys = Object.keys(detail);
    if (keys.length === 0) return <Typography.Text type="secondary">{EMPTY_VALUE}</Typography.Text>;
    return <Typography.Text type="secondary">{JSON.stringify(detail)}</Typography.Text>;
  }
  return (
    <Typography.Text type="secondary">
      {parts.map((part, index) => (
        // The parts are fixed in order for one finding.
        // biome-ignore lint/suspicious/noArrayIndexKey: positions do not move
        <span key={index}>
          {index > 0 && ' · '}
          {part}
        </span>
      ))}
    </Typography.Text>
  );
}
