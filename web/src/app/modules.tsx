import {
  ApartmentOutlined,
  HomeOutlined,
  MedicineBoxOutlined,
  ScanOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ParseKeys } from 'i18next';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { CurrentUser } from '../../../contracts/auth.ts';

/** One navigable module: the router and the side menu are both built from this list. */
export interface ModuleEntry {
  key: string;
  /** Absolute path; the module owns everything below it (e.g. '/sales' serves '/sales/orders/1'). */
  path: string;
  labelKey: ParseKeys;
  icon: ReactNode;
  element: LazyExoticComponent<ComponentType>;
  /** Shown and routed only for users holding this permission; none means every signed-in user. */
  permission?: string;
}

export const modules: ModuleEntry[] = [
  {
    key: 'home',
    path: '/',
    labelKey: 'nav.home',
    icon: <HomeOutlined />,
    element: lazy(() => import('../modules/home/HomePage.tsx').then((m) => ({ default: m.HomePage }))),
  },
  {
    key: 'customers',
    path: '/customers',
    labelKey: 'nav.customers',
    icon: <TeamOutlined />,
    element: lazy(() =>
      import('../modules/customers/CustomersModule.tsx').then((m) => ({ default: m.CustomersModule })),
    ),
    permission: 'customers:read',
  },
  {
    key: 'products',
    path: '/products',
    labelKey: 'nav.products',
    icon: <MedicineBoxOutlined />,
    element: lazy(() =>
      import('../modules/products/ProductListPage.tsx').then((m) => ({ default: m.ProductListPage })),
    ),
    permission: 'products:read',
  },
  {
    key: 'regions',
    path: '/regions',
    labelKey: 'nav.regions',
    icon: <ApartmentOutlined />,
    element: lazy(() =>
      import('../modules/regions/RegionsPage.tsx').then((m) => ({ default: m.RegionsPage })),
    ),
    permission: 'regions:read',
  },
  {
    key: 'udi',
    path: '/udi',
    labelKey: 'nav.udi',
    icon: <ScanOutlined />,
    element: lazy(() => import('../modules/udi/UdiScanPage.tsx').then((m) => ({ default: m.UdiScanPage }))),
  },
];

export function canOpenModule(entry: ModuleEntry, user: CurrentUser): boolean {
  return entry.permission === undefined || user.permissions.includes(entry.permission);
}

export function listVisibleModules(user: CurrentUser): ModuleEntry[] {
  return modules.filter((entry) => canOpenModule(entry, user));
}

/** The module whose path is the longest prefix of the current location. */
export function findActiveModule(pathname: string): ModuleEntry | undefined {
  const matches = modules.filter(
    (entry) => entry.path === '/' || pathname === entry.path || pathname.startsWith(`${entry.path}/`),
  );
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}
