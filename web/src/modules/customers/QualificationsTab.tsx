import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, Qualification } from '../../../../contracts/customers.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatDate } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { useDeleteQualification, useQualifications } from './customers.api.ts';
import { QualificationFormModal } from './QualificationFormModal.tsx';
import { QualificationStatusTag } from './QualificationStatusTag.tsx';

type ModalState = { mode: 'closed' } | { mode: 'create' } | { mode: 'edit'; qualification: Qualification };

const romanClasses = { 1: 'I', 2: 'II', 3: 'III' } as const;

export function QualificationsTab({
  customerId,
  customerType,
}: {
  customerId: number;
  customerType: Customer['type'];
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('qualifications:write');
  const qualifications = useQualifications(customerId);
  const deleteQualification = useDeleteQualification(customerId);
  const [modal, setModal] = useState<ModalState>({ mode: 'closed' });

  async function remove(qualification: Qualification) {
    try {
      await deleteQualification.mutateAsync(qualification.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  const date = (value: string | null) => (value ? formatDate(value, lang) : EMPTY_VALUE);

  const columns: ColumnsType<Qualification> = [
    {
      key: 'type',
      title: t('qualifications.fields.type'),
      dataIndex: 'type',
      width: 200,
      render: (type: Qualification['type']) => t(`qualifications.types.${type}`),
    },
    { key: 'number', title: t('qualifications.fields.number'), dataIndex: 'number', width: 180 },
    {
      key: 'coveredClasses',
      title: t('qualifications.fields.coveredClasses'),
      dataIndex: 'coveredClasses',
      width: 130,
      render: (classes: number[]) =>
        classes.length === 0 ? (
          EMPTY_VALUE
        ) : (
          <Flex gap={4}>
            {classes.map((value) => (
              <Tag key={value} style={{ marginInlineEnd: 0 }}>
                {romanClasses[value as 1 | 2 | 3] ?? value}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      key: 'validFrom',
      title: t('qualifications.fields.validFrom'),
      dataIndex: 'validFrom',
      width: 120,
      render: date,
    },
    {
      key: 'validUntil',
      title: t('qualifications.fields.validUntil'),
      dataIndex: 'validUntil',
      width: 120,
      render: date,
    },
    {
      key: 'status',
      title: t('qualifications.fields.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: Qualification['status']) => <QualificationStatusTag status={status} />,
    },
    {
      key: 'scope',
      title: t('qualifications.fields.scope'),
      dataIndex: 'scope',
      width: 220,
      ellipsis: true,
      render: (scope: string | null) => scope ?? EMPTY_VALUE,
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 96,
      fixed: isMobile ? undefined : 'right',
      render: (_value, qualification) => (
        <Flex gap={4}>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            title={t('common.edit')}
            data-testid={`qualification-edit-${qualification.id}`}
            onClick={() => setModal({ mode: 'edit', qualification })}
          />
          <Popconfirm
            title={t('qualifications.deleteConfirm', { number: qualification.number })}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(qualification)}
          >
            <Button
              size="small"
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
              title={t('common.delete')}
              data-testid={`qualification-delete-${qualification.id}`}
            />
          </Popconfirm>
        </Flex>
      ),
    });
  }

  return (
    <Flex vertical gap={12}>
      {canWrite && (
        <Flex justify="flex-end">
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="qualification-new"
            onClick={() => setModal({ mode: 'create' })}
          >
            {t('qualifications.new')}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={qualifications.error} />
      <Table<Qualification>
        data-testid="qualifications-table"
        rowKey="id"
        size={isMobile ? 'small' : 'middle'}
        columns={columns}
        dataSource={qualifications.data ?? []}
        loading={qualifications.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Typography.Text type="secondary">{t('qualifications.empty')}</Typography.Text>,
        }}
      />
      {modal.mode !== 'closed' && (
        <QualificationFormModal
          customerId={customerId}
          customerType={customerType}
          qualification={modal.mode === 'edit' ? modal.qualification : undefined}
          onClose={() => setModal({ mode: 'closed' })}
          onSaved={() => {
            void message.success(modal.mode === 'create' ? t('common.created') : t('common.saved'));
            setModal({ mode: 'closed' });
          }}
        />
      )}
    </Flex>
  );
}
