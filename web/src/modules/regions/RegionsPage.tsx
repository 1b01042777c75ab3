import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Skeleton,
  Tag,
  Tooltip,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { type Key, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region } from '../../../../contracts/regions.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { describeError, ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { RegionFormModal, type RegionFormTarget } from './RegionFormModal.tsx';
import {
  buildRegionForest,
  childLevelOf,
  type RegionNode,
  regionName,
  useDeleteRegion,
  useRegions,
} from './regions.api.ts';

const levelColours = { country: 'purple', sales_region: 'blue', province: 'cyan', city: 'default' } as const;

/** Keeps the nodes that match (with their whole subtree) and the ancestors leading to them. */
function filterForest(nodes: RegionNode[], matches: (region: Region) => boolean): RegionNode[] {
  const result: RegionNode[] = [];
  for (const node of nodes) {
    if (matches(node.region)) {
      result.push(node);
      continue;
    }
    const children = filterForest(node.children, matches);
    if (children.length > 0) result.push({ region: node.region, children });
  }
  return result;
}

function collectKeys(nodes: RegionNode[], include: (node: RegionNode) => boolean, into: Key[] = []): Key[] {
  for (const node of nodes) {
    if (node.children.length > 0 && include(node)) into.push(node.region.id);
    collectKeys(node.children, include, into);
  }
  return into;
}

export function RegionsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const canWrite = user.permissions.includes('regions:write');
  const regions = useRegions();
  const deleteRegion = useDeleteRegion();
  const [search, setSearch] = useState('');
  const [formTarget, setFormTarget] = useState<RegionFormTarget | null>(null);
  // Undefined until the user expands or collapses something: then we stop choosing for them.
  const [expandedKeys, setExpandedKeys] = useState<Key[] | undefined>(undefined);

  const forest = useMemo(() => buildRegionForest(regions.data ?? []), [regions.data]);
  const term = search.trim().toLowerCase();
  const visible = useMemo(() => {
    if (!term) return forest;
    return filterForest(forest, (region) =>
      [region.nameZh, region.nameEn, region.code].some((text) => text.toLowerCase().includes(term)),
    );
  }, [forest, term]);

  // By default countries and sales regions are open (provinces visible); a search opens everything it found.
  const defaultExpanded = useMemo(
    () =>
      term
        ? collectKeys(visible, () => true)
        : collectKeys(
            forest,
            (node) => node.region.level === 'country' || node.region.level === 'sales_region',
          ),
    [forest, visible, term],
  );

  async function remove(region: Region) {
    try {
      await deleteRegion.mutateAsync(region.id);
      void message.success(t('common.deleted'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  }

  function renderTitle(region: Region) {
    const childLevel = childLevelOf[region.level];
    const name = regionName(region, lang);
    return (
      <Flex align="center" gap={8} wrap style={{ minHeight: 32 }} data-testid={`region-${region.code}`}>
        <Typography.Text strong={region.level !== 'city'}>{name}</Typography.Text>
        <Tag color={levelColours[region.level]} style={{ marginInlineEnd: 0 }}>
          {t(`regions.levels.${region.level}`)}
        </Tag>
        {!isMobile && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {region.code}
          </Typography.Text>
        )}
        {canWrite && (
          // Clicking an action must not also select or toggle the node.
          // biome-ignore lint/a11y/noStaticElementInteractions: only stops the click from reaching the tree row
          // biome-ignore lint/a11y/useKeyWithClickEvents: the buttons inside handle the keyboard
          <span onClick={(event) => event.stopPropagation()} style={{ display: 'inline-flex', gap: 2 }}>
            {childLevel && (
              <Tooltip title={t('regions.addChild', { level: t(`regions.levels.${childLevel}`) })}>
                <Button
                  size="small"
                  type="text"
                  icon={<PlusOutlined />}
                  data-testid={`region-add-child-${region.id}`}
                  aria-label={t('regions.addChild', { level: t(`regions.levels.${childLevel}`) })}
                  onClick={() => setFormTarget({ mode: 'create', parent: region, level: childLevel })}
                />
              </Tooltip>
            )}
            <Tooltip title={t('regions.rename')}>
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                data-testid={`region-rename-${region.id}`}
                aria-label={t('regions.rename')}
                onClick={() => setFormTarget({ mode: 'rename', region })}
              />
            </Tooltip>
            <Popconfirm
              title={t('regions.deleteConfirm', { name })}
              description={t('regions.deleteHint')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(region)}
            >
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                data-testid={`region-delete-${region.id}`}
                aria-label={t('common.delete')}
              />
            </Popconfirm>
          </span>
        )}
      </Flex>
    );
  }

  const toTreeData = (nodes: RegionNode[]): DataNode[] =>
    nodes.map((node) => ({
      key: node.region.id,
      title: renderTitle(node.region),
      children: toTreeData(node.children),
      isLeaf: node.children.length === 0,
    }));

  return (
    <Card
      title={t('regions.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="region-add-root"
            onClick={() => setFormTarget({ mode: 'create', parent: null, level: 'country' })}
          >
            {isMobile ? null : t('regions.addRoot')}
          </Button>
        )
      }
    >
      <Flex vertical gap={16}>
        {!canWrite && <Alert type="info" showIcon title={t('regions.readOnly')} />}
        <Input
          allowClear
          prefix={<SearchOutlined />}
          aria-label={t('regions.searchPlaceholder')}
          data-testid="regions-search"
          placeholder={t('regions.searchPlaceholder')}
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setExpandedKeys(undefined);
          }}
          style={{ maxWidth: 360 }}
        />
        <ErrorAlert error={regions.error} />
        {regions.isLoading ? (
          <Skeleton active />
        ) : forest.length === 0 ? (
          <Empty description={t('regions.empty')} />
        ) : visible.length === 0 ? (
          <Empty description={t('regions.noMatch')} />
        ) : (
          <div data-testid="regions-tree" style={{ overflowX: 'auto' }}>
            <Tree
              blockNode
              showLine
              selectable={false}
              treeData={toTreeData(visible)}
              expandedKeys={expandedKeys ?? defaultExpanded}
              onExpand={(keys) => setExpandedKeys(keys)}
            />
          </div>
        )}
      </Flex>
      {formTarget && (
        <RegionFormModal
          key={formTarget.mode === 'rename' ? `rename-${formTarget.region.id}` : 'create'}
          target={formTarget}
          onClose={() => setFormTarget(null)}
          onSaved={() => {
            void message.success(formTarget.mode === 'create' ? t('common.created') : t('common.saved'));
            // Show where a new region went.
            if (formTarget.mode === 'create' && formTarget.parent) {
              const parentId = formTarget.parent.id;
              setExpandedKeys((keys) => [...new Set([...(keys ?? defaultExpanded), parentId])]);
            }
            setFormTarget(null);
          }}
        />
      )}
    </Card>
  );
}
