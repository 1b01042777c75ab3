import {
  AccountBookOutlined,
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BranchesOutlined,
  CarOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  ContainerOutlined,
  ControlOutlined,
  CreditCardOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  DollarOutlined,
  DotChartOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  FilterOutlined,
  FlagOutlined,
  FundOutlined,
  FundProjectionScreenOutlined,
  HomeOutlined,
  ImportOutlined,
  InboxOutlined,
  LineChartOutlined,
  MedicineBoxOutlined,
  MinusCircleOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PartitionOutlined,
  PayCircleOutlined,
  PhoneOutlined,
  PieChartOutlined,
  ProfileOutlined,
  RiseOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  ScanOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  ShoppingOutlined,
  SolutionOutlined,
  SwapOutlined,
  TableOutlined,
  TagsOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  TransactionOutlined,
  UploadOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { ParseKeys } from 'i18next';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { CurrentUser } from '../../../contracts/auth.ts';

/** A section of the side menu that holds several modules (e.g. Administration). */
export interface ModuleGroup {
  key: string;
  labelKey: ParseKeys;
  icon: ReactNode;
}

export const moduleGroups = {
  sales: { key: 'sales', labelKey: 'sales.nav.group', icon: <ShoppingOutlined /> },
  warehouse: { key: 'warehouse', labelKey: 'inventory.nav.group', icon: <ContainerOutlined /> },
  finance: { key: 'finance', labelKey: 'finance.nav.group', icon: <AccountBookOutlined /> },
  credit: { key: 'credit', labelKey: 'credit.nav.group', icon: <CreditCardOutlined /> },
  analytics: { key: 'analytics', labelKey: 'analytics.nav.group', icon: <LineChartOutlined /> },
  marketing: { key: 'marketing', labelKey: 'crm.nav.group', icon: <RiseOutlined /> },
  admin: { key: 'admin', labelKey: 'nav.admin', icon: <SettingOutlined /> },
} satisfies Record<string, ModuleGroup>;

/** One navigable module: the router and the side menu are both built from this list. */
export interface ModuleEntry {
  key: string;
  /** Absolute path; the module owns everything below it (e.g. '/sales' serves '/sales/orders/1'). */
  path: string;
  labelKey: ParseKeys;
  icon: ReactNode;
  element: LazyExoticComponent<ComponentType>;
  /** Shown and routed only for users holding this permission (or one of these); none means every signed-in user. */
  permission?: string | readonly string[];
  /** The menu section it sits in; none puts it at the top level. */
  group?: ModuleGroup;
  /** Routed but reached from elsewhere (e.g. the header's user menu), not from the side menu. */
  hideInMenu?: boolean;
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
    key: 'inbox',
    path: '/workflow',
    labelKey: 'workflow.nav.inbox',
    icon: <CheckSquareOutlined />,
    element: lazy(() =>
      import('../modules/workflow/WorkflowModule.tsx').then((m) => ({ default: m.WorkflowModule })),
    ),
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
    key: 'orders',
    path: '/orders',
    labelKey: 'sales.nav.orders',
    icon: <ProfileOutlined />,
    element: lazy(() =>
      import('../modules/sales/OrdersModule.tsx').then((m) => ({ default: m.OrdersModule })),
    ),
    permission: 'orders:read',
    group: moduleGroups.sales,
  },
  {
    key: 'quotes',
    path: '/quotes',
    labelKey: 'sales.nav.quotes',
    icon: <FileDoneOutlined />,
    element: lazy(() =>
      import('../modules/sales/QuotesModule.tsx').then((m) => ({ default: m.QuotesModule })),
    ),
    permission: 'orders:read',
    group: moduleGroups.sales,
  },
  {
    key: 'salesContracts',
    path: '/sales-contracts',
    labelKey: 'sales.nav.contracts',
    icon: <FileProtectOutlined />,
    element: lazy(() =>
      import('../modules/sales/ContractsModule.tsx').then((m) => ({ default: m.ContractsModule })),
    ),
    // Sellers read their customers' contracts; pricing:write agrees and cancels them.
    permission: 'orders:read',
    group: moduleGroups.sales,
  },
  {
    key: 'priceLists',
    path: '/price-lists',
    labelKey: 'sales.nav.priceLists',
    icon: <DollarOutlined />,
    element: lazy(() =>
      import('../modules/sales/PriceListsModule.tsx').then((m) => ({ default: m.PriceListsModule })),
    ),
    permission: 'pricing:read',
    group: moduleGroups.sales,
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
    key: 'productLines',
    path: '/product-lines',
    labelKey: 'nav.productLines',
    icon: <AppstoreOutlined />,
    element: lazy(() =>
      import('../modules/productlines/ProductLineListPage.tsx').then((m) => ({
        default: m.ProductLineListPage,
      })),
    ),
    permission: 'products:read',
  },
  {
    key: 'suppliers',
    path: '/suppliers',
    labelKey: 'nav.suppliers',
    icon: <ShopOutlined />,
    element: lazy(() =>
      import('../modules/suppliers/SupplierListPage.tsx').then((m) => ({ default: m.SupplierListPage })),
    ),
    permission: 'masterdata:read',
  },
  {
    key: 'warehouses',
    path: '/warehouses',
    labelKey: 'nav.warehouses',
    icon: <InboxOutlined />,
    element: lazy(() =>
      import('../modules/warehouses/WarehouseListPage.tsx').then((m) => ({ default: m.WarehouseListPage })),
    ),
    permission: 'masterdata:read',
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
    key: 'teams',
    path: '/teams',
    labelKey: 'teams.nav.teams',
    icon: <ClusterOutlined />,
    element: lazy(() => import('../modules/teams/TeamsPage.tsx').then((m) => ({ default: m.TeamsPage }))),
    permission: 'regions:read',
  },
  {
    key: 'dataQuality',
    path: '/data-quality',
    labelKey: 'nav.dataQuality',
    icon: <SafetyCertificateOutlined />,
    element: lazy(() =>
      import('../modules/dataquality/DataQualityPage.tsx').then((m) => ({ default: m.DataQualityPage })),
    ),
    permission: 'dataquality:read',
  },
  {
    key: 'imports',
    path: '/imports',
    labelKey: 'imports.nav.imports',
    icon: <UploadOutlined />,
    element: lazy(() =>
      import('../modules/imports/ImportsPage.tsx').then((m) => ({ default: m.ImportsPage })),
    ),
    permission: 'imports:run',
  },
  {
    key: 'udi',
    path: '/udi',
    labelKey: 'nav.udi',
    icon: <ScanOutlined />,
    element: lazy(() => import('../modules/udi/UdiScanPage.tsx').then((m) => ({ default: m.UdiScanPage }))),
  },
  {
    key: 'stock',
    path: '/stock',
    labelKey: 'inventory.nav.stock',
    icon: <DatabaseOutlined />,
    element: lazy(() => import('../modules/inventory/StockPage.tsx').then((m) => ({ default: m.StockPage }))),
    permission: 'inventory:read',
    group: moduleGroups.warehouse,
  },
  {
    key: 'lots',
    path: '/lots',
    labelKey: 'inventory.nav.lots',
    icon: <TagsOutlined />,
    element: lazy(() => import('../modules/inventory/LotsPage.tsx').then((m) => ({ default: m.LotsPage }))),
    permission: 'inventory:read',
    group: moduleGroups.warehouse,
  },
  {
    key: 'purchaseOrders',
    path: '/purchase-orders',
    labelKey: 'purchasing.nav.purchaseOrders',
    icon: <ShoppingCartOutlined />,
    element: lazy(() =>
      import('../modules/purchasing/PurchaseOrdersModule.tsx').then((m) => ({
        default: m.PurchaseOrdersModule,
      })),
    ),
    permission: 'purchasing:read',
    group: moduleGroups.warehouse,
  },
  {
    key: 'receipts',
    path: '/receipts',
    labelKey: 'purchasing.nav.receipts',
    icon: <ImportOutlined />,
    element: lazy(() =>
      import('../modules/purchasing/ReceiptsModule.tsx').then((m) => ({ default: m.ReceiptsModule })),
    ),
    permission: 'purchasing:read',
    group: moduleGroups.warehouse,
  },
  {
    key: 'transfers',
    path: '/transfers',
    labelKey: 'inventory.nav.transfers',
    icon: <SwapOutlined />,
    element: lazy(() =>
      import('../modules/inventory/TransfersPage.tsx').then((m) => ({ default: m.TransfersPage })),
    ),
    permission: 'inventory:read',
    group: moduleGroups.warehouse,
  },
  {
    key: 'shipments',
    path: '/shipments',
    labelKey: 'sales.nav.shipments',
    icon: <CarOutlined />,
    element: lazy(() =>
      import('../modules/sales/ShipmentsModule.tsx').then((m) => ({ default: m.ShipmentsModule })),
    ),
    // Picking and shipping is warehouse work; sellers follow their orders' shipments here too.
    permission: 'orders:read',
    group: moduleGroups.warehouse,
  },
  {
    key: 'trace',
    path: '/trace',
    labelKey: 'trace.nav.trace',
    icon: <NodeIndexOutlined />,
    element: lazy(() => import('../modules/trace/TracePage.tsx').then((m) => ({ default: m.TracePage }))),
    permission: 'inventory:read',
  },
  {
    key: 'invoices',
    path: '/invoices',
    labelKey: 'finance.nav.invoices',
    icon: <FileTextOutlined />,
    element: lazy(() =>
      import('../modules/finance/invoices/InvoicesModule.tsx').then((m) => ({ default: m.InvoicesModule })),
    ),
    permission: 'finance:read',
    group: moduleGroups.finance,
  },
  {
    key: 'payments',
    path: '/payments',
    labelKey: 'finance.nav.payments',
    icon: <PayCircleOutlined />,
    element: lazy(() =>
      import('../modules/finance/payments/PaymentsModule.tsx').then((m) => ({ default: m.PaymentsModule })),
    ),
    permission: 'finance:read',
    group: moduleGroups.finance,
  },
  {
    key: 'writeOffs',
    path: '/write-offs',
    labelKey: 'finance.nav.writeOffs',
    icon: <MinusCircleOutlined />,
    element: lazy(() =>
      import('../modules/finance/writeoffs/WriteOffsPage.tsx').then((m) => ({ default: m.WriteOffsPage })),
    ),
    permission: 'finance:read',
    group: moduleGroups.finance,
  },
  {
    key: 'receivables',
    path: '/receivables',
    labelKey: 'finance.nav.receivables',
    icon: <BarChartOutlined />,
    element: lazy(() =>
      import('../modules/finance/receivables/ReceivablesPage.tsx').then((m) => ({
        default: m.ReceivablesPage,
      })),
    ),
    permission: 'finance:read',
    group: moduleGroups.finance,
  },
  {
    key: 'returns',
    path: '/returns',
    labelKey: 'finance.nav.returns',
    icon: <RollbackOutlined />,
    element: lazy(() =>
      import('../modules/finance/returns/ReturnsPage.tsx').then((m) => ({ default: m.ReturnsPage })),
    ),
    // The warehouse inspects returns, finance credits them.
    permission: ['finance:read', 'inventory:read'],
    group: moduleGroups.finance,
  },
  {
    key: 'exchangeRates',
    path: '/exchange-rates',
    labelKey: 'finance.nav.exchangeRates',
    icon: <TransactionOutlined />,
    element: lazy(() =>
      import('../modules/finance/exchangerates/ExchangeRatesPage.tsx').then((m) => ({
        default: m.ExchangeRatesPage,
      })),
    ),
    // Every document shows its rate, so everyone signed in reads rates; finance records them.
    group: moduleGroups.finance,
  },
  {
    key: 'credit',
    path: '/credit',
    labelKey: 'credit.nav.profiles',
    icon: <CreditCardOutlined />,
    element: lazy(() =>
      import('../modules/credit/CreditModule.tsx').then((m) => ({ default: m.CreditModule })),
    ),
    permission: 'credit:read',
    group: moduleGroups.credit,
  },
  {
    key: 'creditDecisions',
    path: '/credit-decisions',
    labelKey: 'credit.nav.decisions',
    icon: <SolutionOutlined />,
    element: lazy(() =>
      import('../modules/credit/CreditDecisionsPage.tsx').then((m) => ({ default: m.CreditDecisionsPage })),
    ),
    permission: 'credit:read',
    group: moduleGroups.credit,
  },
  {
    key: 'creditCollections',
    path: '/credit-collections',
    labelKey: 'credit.nav.collections',
    icon: <PhoneOutlined />,
    element: lazy(() =>
      import('../modules/credit/CollectionsPage.tsx').then((m) => ({ default: m.CollectionsPage })),
    ),
    permission: 'credit:read',
    group: moduleGroups.credit,
  },
  {
    key: 'creditReports',
    path: '/credit-reports',
    labelKey: 'credit.nav.reports',
    icon: <FundOutlined />,
    element: lazy(() =>
      import('../modules/credit/CreditReportsPage.tsx').then((m) => ({ default: m.CreditReportsPage })),
    ),
    permission: 'credit:read',
    group: moduleGroups.credit,
  },
  {
    key: 'creditPolicy',
    path: '/credit-policy',
    labelKey: 'credit.nav.policy',
    icon: <ControlOutlined />,
    element: lazy(() =>
      import('../modules/credit/CreditPolicyPage.tsx').then((m) => ({ default: m.CreditPolicyPage })),
    ),
    permission: 'credit:read',
    group: moduleGroups.credit,
  },
  {
    key: 'users',
    path: '/admin/users',
    labelKey: 'nav.users',
    icon: <UserSwitchOutlined />,
    element: lazy(() =>
      import('../modules/users/UserListPage.tsx').then((m) => ({ default: m.UserListPage })),
    ),
    permission: 'users:manage',
    group: moduleGroups.admin,
  },
  {
    key: 'audit',
    path: '/admin/audit',
    labelKey: 'nav.audit',
    icon: <AuditOutlined />,
    element: lazy(() => import('../modules/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage }))),
    permission: 'audit:read',
    group: moduleGroups.admin,
  },
  {
    key: 'approvalPolicies',
    path: '/admin/approval-policies',
    labelKey: 'workflow.nav.policies',
    icon: <BranchesOutlined />,
    element: lazy(() =>
      import('../modules/workflow/PolicyEditorPage.tsx').then((m) => ({ default: m.PolicyEditorPage })),
    ),
    permission: 'workflow:manage',
    group: moduleGroups.admin,
  },
  {
    key: 'automationRules',
    path: '/admin/automation',
    labelKey: 'workflow.nav.automation',
    icon: <ThunderboltOutlined />,
    element: lazy(() =>
      import('../modules/workflow/AutomationRulesPage.tsx').then((m) => ({ default: m.AutomationRulesPage })),
    ),
    permission: 'workflow:manage',
    group: moduleGroups.admin,
  },
  {
    key: 'webhooks',
    path: '/admin/webhooks',
    labelKey: 'workflow.nav.webhooks',
    icon: <ApiOutlined />,
    element: lazy(() =>
      import('../modules/workflow/WebhooksPage.tsx').then((m) => ({ default: m.WebhooksPage })),
    ),
    permission: 'workflow:manage',
    group: moduleGroups.admin,
  },
  {
    key: 'dashboards',
    path: '/analytics/dashboards',
    labelKey: 'analytics.nav.dashboards',
    icon: <DashboardOutlined />,
    element: lazy(() =>
      import('../modules/analytics/dashboards/DashboardsPage.tsx').then((m) => ({
        default: m.DashboardsPage,
      })),
    ),
    permission: 'dashboard:read',
    group: moduleGroups.analytics,
  },
  {
    key: 'customerValue',
    path: '/analytics/customer-value',
    labelKey: 'analytics.nav.customerValue',
    icon: <PieChartOutlined />,
    element: lazy(() =>
      import('../modules/analytics/CustomerValuePage.tsx').then((m) => ({ default: m.CustomerValuePage })),
    ),
    permission: 'dashboard:read',
    group: moduleGroups.analytics,
  },
  {
    key: 'portfolio',
    path: '/analytics/portfolio',
    labelKey: 'analytics.nav.portfolio',
    icon: <DotChartOutlined />,
    element: lazy(() =>
      import('../modules/analytics/PortfolioPage.tsx').then((m) => ({ default: m.PortfolioPage })),
    ),
    permission: 'dashboard:read',
    group: moduleGroups.analytics,
  },
  {
    key: 'reportBuilder',
    path: '/analytics/reports',
    labelKey: 'analytics.nav.reportBuilder',
    icon: <TableOutlined />,
    element: lazy(() =>
      import('../modules/analytics/ReportBuilderPage.tsx').then((m) => ({ default: m.ReportBuilderPage })),
    ),
    permission: 'dashboard:read',
    group: moduleGroups.analytics,
  },
  {
    key: 'targets',
    path: '/analytics/targets',
    labelKey: 'targets.nav',
    icon: <FlagOutlined />,
    element: lazy(() =>
      import('../modules/analytics/TargetsPage.tsx').then((m) => ({ default: m.TargetsPage })),
    ),
    permission: 'dashboard:read',
    group: moduleGroups.analytics,
  },
  {
    key: 'kpiAlerts',
    path: '/analytics/alerts',
    labelKey: 'kpiAlerts.nav',
    icon: <AlertOutlined />,
    element: lazy(() =>
      import('../modules/analytics/AlertsPage.tsx').then((m) => ({ default: m.AlertsPage })),
    ),
    permission: 'dashboard:read',
    group: moduleGroups.analytics,
  },
  {
    key: 'leads',
    path: '/leads',
    labelKey: 'crm.nav.leads',
    icon: <AimOutlined />,
    element: lazy(() => import('../modules/crm/LeadListPage.tsx').then((m) => ({ default: m.LeadListPage }))),
    permission: 'crm:read',
    group: moduleGroups.marketing,
  },
  {
    key: 'opportunities',
    path: '/opportunities',
    labelKey: 'crm.nav.opportunities',
    icon: <FundProjectionScreenOutlined />,
    element: lazy(() =>
      import('../modules/crm/OpportunitiesModule.tsx').then((m) => ({ default: m.OpportunitiesModule })),
    ),
    permission: 'crm:read',
    group: moduleGroups.marketing,
  },
  {
    key: 'campaigns',
    path: '/campaigns',
    labelKey: 'marketing.nav.campaigns',
    icon: <NotificationOutlined />,
    element: lazy(() =>
      import('../modules/marketing/CampaignsModule.tsx').then((m) => ({ default: m.CampaignsModule })),
    ),
    permission: 'campaigns:read',
    group: moduleGroups.marketing,
  },
  {
    key: 'funnel',
    path: '/funnel',
    labelKey: 'marketing.nav.funnel',
    icon: <FilterOutlined />,
    element: lazy(() =>
      import('../modules/marketing/FunnelPage.tsx').then((m) => ({ default: m.FunnelPage })),
    ),
    permission: 'marketing:analytics',
    group: moduleGroups.marketing,
  },
  {
    key: 'attribution',
    path: '/attribution',
    labelKey: 'marketing.nav.attribution',
    icon: <PartitionOutlined />,
    element: lazy(() =>
      import('../modules/marketing/AttributionPage.tsx').then((m) => ({ default: m.AttributionPage })),
    ),
    permission: 'marketing:analytics',
    group: moduleGroups.marketing,
  },
  {
    key: 'account',
    path: '/account',
    labelKey: 'nav.account',
    icon: <UserOutlined />,
    element: lazy(() =>
      import('../modules/account/AccountPage.tsx').then((m) => ({ default: m.AccountPage })),
    ),
    hideInMenu: true,
  },
];

export function canOpenModule(entry: ModuleEntry, user: CurrentUser): boolean {
  const { permission } = entry;
  if (permission === undefined) return true;
  const anyOf: readonly string[] = typeof permission === 'string' ? [permission] : permission;
  return anyOf.some((required) => user.permissions.includes(required));
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
