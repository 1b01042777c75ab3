import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './ErrorAlert.tsx';

/** The actions column of a list, kept in view at the right on a wide screen. */
export function actionsColumn<T>(
  title: string,
  isMobile: boolean,
  render: (record: T) => ReactNode,
  width = 100,
): ColumnType<T> {
  return {
    key: 'actions',
    title,
    width,
    fixed: isMobile ? undefined : 'right',
    render: (_value, record) => render(record),
  };
}

/** The pencil that opens a row's edit form. */
export function EditButton({ testId, onClick }: { testId: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="small"
      type="text"
      icon={<EditOutlined />}
      aria-label={t('common.edit')}
      title={t('common.edit')}
      data-testid={testId}
      onClick={onClick}
    />
  );
}

export interface RowActionsProps {
  editTestId: string;
  onEdit: () => void;
  deleteTestId: string;
  /** The question the delete confirmation asks, naming the record. */
  deleteTitle: string;
  /** Why a delete may be refused (and what to do instead). */
  deleteHint?: string;
  /** Deletes the record; the confirmation waits for it, and the outcome is told in a message. */
  onDelete: () => Promise<unknown>;
}

/** Edit and delete of one list row; delete asks first. */
export function RowActions({
  editTestId,
  onEdit,
  deleteTestId,
  deleteTitle,
  deleteHint,
  onDelete,
}: RowActionsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  async function remove() {
    try {
      await onDelete();
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  return (
    <Flex gap={4}>
      <EditButton testId={editTestId} onClick={onEdit} />
      <Popconfirm
        title={deleteTitle}
        description={deleteHint}
        okText={t('common.delete')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={remove}
      >
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('common.delete')}
          title={t('common.delete')}
          data-testid={deleteTestId}
        />
      </Popconfirm>
    </Flex>
  );
}
