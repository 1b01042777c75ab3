import { TreeSelect } from 'antd';
import { type CSSProperties, useMemo } from 'react';
import { useCurrentUser } from '../../app/auth.tsx';
import { useLanguage } from '../../shared/responsive.ts';
import { buildRegionForest, type RegionNode, regionName, useRegions } from './regions.api.ts';

interface RegionOption {
  value: number;
  title: string;
  disabled?: boolean;
  children: RegionOption[];
}

/** The region tree as TreeSelect options, and the regions to open so the user's own ones show. */
function useRegionOptions(limitToScope: boolean) {
  const lang = useLanguage();
  const user = useCurrentUser();
  const regions = useRegions();

  const { treeData, openKeys } = useMemo(() => {
    const limited = limitToScope && !user.isCompanyWide;
    const inScope = (regionId: number) => !limited || user.regionIds.includes(regionId);
    const ancestors: number[] = [];
    // Out of scope and nothing in scope below: not shown at all. Out of scope with something
    // in scope below: shown greyed out and opened, as the path to the user's own regions.
    const toOption = (node: RegionNode): RegionOption | null => {
      const children = node.children.map(toOption).filter((child): child is RegionOption => child !== null);
      const selectable = inScope(node.region.id);
      if (!selectable && children.length === 0) return null;
      if (!selectable) ancestors.push(node.region.id);
      return { value: node.region.id, title: regionName(node.region, lang), disabled: !selectable, children };
    };
    const options = buildRegionForest(regions.data ?? [])
      .map(toOption)
      .filter((option): option is RegionOption => option !== null);
    return { treeData: options, openKeys: ancestors };
  }, [regions.data, lang, limitToScope, user]);

  return { treeData, openKeys, isLoading: regions.isLoading };
}

const popupStyles = { popup: { root: { maxWidth: 'calc(100vw - 24px)' } } };

export interface RegionTreeSelectProps {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** For forms: regions outside the user's own can be seen (for the path) but not chosen. */
  limitToScope?: boolean;
  testId?: string;
  style?: CSSProperties;
  id?: string;
  status?: '' | 'error' | 'warning';
}

export function RegionTreeSelect({
  value,
  onChange,
  placeholder,
  allowClear = false,
  limitToScope = false,
  testId,
  style,
  id,
  status,
}: RegionTreeSelectProps) {
  const { treeData, openKeys, isLoading } = useRegionOptions(limitToScope);
  return (
    <TreeSelect<number>
      id={id}
      data-testid={testId}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      treeData={treeData}
      loading={isLoading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={openKeys}
      popupMatchSelectWidth={false}
      status={status}
      style={style}
      styles={popupStyles}
    />
  );
}

export interface RegionTreeMultiSelectProps {
  value?: number[];
  onChange?: (value: number[]) => void;
  placeholder?: string;
  testId?: string;
  style?: CSSProperties;
  id?: string;
  status?: '' | 'error' | 'warning';
}

/**
 * Several regions at once (e.g. a user's assignment). A chosen region includes everything below
 * it, so each choice stays independent: picking a province does not tick its cities.
 */
export function RegionTreeMultiSelect({
  value,
  onChange,
  placeholder,
  testId,
  style,
  id,
  status,
}: RegionTreeMultiSelectProps) {
  const { treeData, isLoading } = useRegionOptions(false);
  return (
    <TreeSelect<number[]>
      id={id}
      data-testid={testId}
      multiple
      value={value ?? []}
      onChange={(next) => onChange?.(next ?? [])}
      treeData={treeData}
      loading={isLoading}
      placeholder={placeholder}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      maxTagCount="responsive"
      popupMatchSelectWidth={false}
      status={status}
      style={style}
      styles={popupStyles}
    />
  );
}
