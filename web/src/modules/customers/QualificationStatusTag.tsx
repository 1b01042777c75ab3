import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Qualification } from '../../../../contracts/customers.ts';

const statusColours: Record<Qualification['status'], string> = {
  valid: 'green',
  expiring: 'orange',
  expired: 'red',
  not_yet_valid: 'default',
};

export function QualificationStatusTag({ status }: { status: Qualification['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColours[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`qualifications.statuses.${status}`)}
    </Tag>
  );
}
