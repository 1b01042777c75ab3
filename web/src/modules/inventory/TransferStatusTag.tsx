import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { transferStatuses } from '../../../../contracts/inventory.ts';

type TransferStatus = (typeof transferStatuses)[number];

const colours: Record<TransferStatus, string> = {
  in_transit: 'blue',
  received: 'green',
  cancelled: 'default',
};

export function TransferStatusTag({ status }: { status: TransferStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colours[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`inventory.transferStatuses.${status}`)}
    </Tag>
  );
}
