import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Supplier } from '../../../../contracts/catalog.ts';

const statusColours: Record<Supplier['licenceStatus'], string> = {
  valid: 'green',
  expiring: 'orange',
  expired: 'red',
  missing: 'default',
};

export function LicenceStatusTag({ status }: { status: Supplier['licenceStatus'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColours[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`suppliers.licenceStatuses.${status}`)}
    </Tag>
  );
}
