import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreditStatus, Grade } from '../../../../contracts/credit.ts';

export const gradeColours: Record<Grade, string> = {
  A: '#389e0d',
  B: '#7cb305',
  C: '#d4b106',
  D: '#d46b08',
  E: '#cf1322',
};

const statusColours: Record<CreditStatus, string> = { normal: 'green', watch: 'orange', hold: 'red' };

export function GradeTag({ grade }: { grade: Grade | null }) {
  const { t } = useTranslation();
  if (!grade) return <Tag>{t('credit.unrated')}</Tag>;
  return (
    <Tag color={gradeColours[grade]} style={{ fontWeight: 600 }}>
      {grade}
    </Tag>
  );
}

export function CreditStatusTag({ status }: { status: CreditStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColours[status]}>{t(`credit.statuses.${status}`)}</Tag>;
}

const decisionColours: Record<string, string> = {
  passed: 'green',
  refused: 'red',
  pending: 'gold',
  approved: 'blue',
  rejected: 'volcano',
};

export function DecisionStatusTag({ status }: { status: keyof typeof decisionColours & string }) {
  const { t } = useTranslation();
  return <Tag color={decisionColours[status]}>{t(`credit.decisionStatuses.${status as 'passed'}`)}</Tag>;
}
