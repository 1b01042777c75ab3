import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useIsMobile } from './responsive.ts';

export interface ListPageCardProps {
  title: ReactNode;
  /** The buttons at the top right: export, new … */
  actions: ReactNode;
  /** Filters, table and the like, stacked. */
  children: ReactNode;
}

/** The frame of a list page: a card with its title and buttons, and the content stacked below. */
export function ListPageCard({ title, actions, children }: ListPageCardProps) {
  const isMobile = useIsMobile();
  return (
    <Card
      title={title}
      extra={<Flex gap={8}>{actions}</Flex>}
      styles={{ body: { padding: isMobile ? 12 : undefined } }}
    >
      <Flex vertical gap={16}>
        {children}
      </Flex>
    </Card>
  );
}

export interface NewButtonProps {
  label: string;
  testId: string;
  onClick: () => void;
}

/** The primary "new …" button of a list page; on a phone only its icon shows. */
export function NewButton({ label, testId, onClick }: NewButtonProps) {
  const isMobile = useIsMobile();
  return (
    <Button type="primary" icon={<PlusOutlined />} data-testid={testId} aria-label={label} onClick={onClick}>
      {isMobile ? null : label}
    </Button>
  );
}
