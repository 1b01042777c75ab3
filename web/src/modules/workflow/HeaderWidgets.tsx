import { BellOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useMarkRead, useNotifications, useWorkflowCounts } from './workflow.api.ts';

/** The header's inbox button (open tasks) and bell (unread notifications). */
export function WorkflowHeaderWidgets({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  const counts = useWorkflowCounts();
  const [open, setOpen] = useState(false);
  const notifications = useNotifications(open);
  const markRead = useMarkRead();
  const openTasks = counts.data?.openTasks ?? 0;
  const unread = counts.data?.unreadNotifications ?? 0;

  const list = (
    <Flex vertical gap={8} style={{ width: compact ? 280 : 360 }}>
      <List
        size="small"
        loading={notifications.isLoading}
        dataSource={notifications.data?.items ?? []}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workflow.header.noNotifications')} />
          ),
        }}
        style={{ maxHeight: 380, overflowY: 'auto' }}
        renderItem={(n) => (
          <List.Item
            style={{ cursor: n.link ? 'pointer' : undefined, opacity: n.readAt ? 0.6 : 1 }}
            onClick={() => {
              if (!n.readAt) markRead.mutate(n.id);
              if (n.link) {
                setOpen(false);
                void navigate(n.link);
              }
            }}
          >
            <Flex vertical>
              <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
              {n.body && <Typography.Text type="secondary">{n.body}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(n.createdAt, lang)}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      <Flex justify="space-between">
        <Button size="small" type="link" disabled={unread === 0} onClick={() => markRead.mutate('all')}>
          {t('workflow.header.markAllRead')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            void navigate('/workflow');
          }}
        >
          {t('workflow.header.viewInbox')}
        </Button>
      </Flex>
    </Flex>
  );

  return (
    <Flex gap={compact ? 0 : 4} align="center">
      <Badge count={openTasks} size="small" offset={[-4, 4]} data-testid="inbox-badge">
        <Button
          type="text"
          icon={<CheckSquareOutlined />}
          aria-label={t('workflow.header.inbox', { count: openTasks })}
          title={t('workflow.header.inbox', { count: openTasks })}
          onClick={() => void navigate('/workflow')}
          data-testid="inbox-button"
        />
      </Badge>
      <Popover
        trigger="click"
        placement="bottomRight"
        open={open}
        onOpenChange={setOpen}
        content={list}
        title={t('workflow.header.bell')}
      >
        <Badge count={unread} size="small" offset={[-4, 4]} data-testid="bell-badge">
          <Button
            type="text"
            icon={<BellOutlined />}
            aria-label={t('workflow.header.bell')}
            data-testid="bell"
          />
        </Badge>
      </Popover>
    </Flex>
  );
}
