import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = {
  pending: 'processing',
  active: 'processing',
  open: 'processing',
  approved: 'success',
  delivered: 'success',
  fired: 'success',
  rejected: 'error',
  failed: 'error',
  returned: 'warning',
  withdrawn: 'default',
  cancelled: 'default',
  waiting: 'default',
};

/** An approval, step or slot status. */
export function ApprovalStatusTag({ status, testId }: { status: string; testId?: string }) {
  const { t } = useTranslation();
  const label = t(`workflow.status.${status}` as 'workflow.status.pending', { defaultValue: status });
  return (
    <Tag color={colors[status] ?? 'default'} data-testid={testId}>
      {label}
    </Tag>
  );
}

export function TaskKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const color = {
    approval: 'blue',
    follow_up: 'cyan',
    collection: 'gold',
    compliance: 'volcano',
    review: 'purple',
  }[kind];
  return <Tag color={color}>{t(`workflow.taskKinds.${kind}` as 'workflow.taskKinds.approval')}</Tag>;
}
