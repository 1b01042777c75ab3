import type { Role } from '../../contracts/auth.ts';
import type { Lang } from './i18n.ts';
import type { Permission } from './permissions.ts';

/**
 * Who is acting, passed explicitly to every service call. Repositories filter by it
 * (see scope.ts); nothing reads the current user from a global.
 */
export interface RequestContext {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
  /** True for roles that see every region. */
  isCompanyWide: boolean;
  /** Assigned regions with all their descendants; meaningful when not company-wide. */
  regionIds: number[];
  /** The customer a distributor user belongs to; such a user sees only that company. */
  distributorId: number | null;
  lang: Lang;
  ip: string | null;
  via: 'session' | 'api_key' | 'system';
}

/** The context of work the system does on its own (jobs, migrations, first-start seeding). */
export function systemContext(lang: Lang = 'en'): RequestContext {
  return {
    userId: 0,
    username: 'system',
    displayName: 'System',
    roles: ['admin'],
    permissions: [],
    isCompanyWide: true,
    regionIds: [],
    distributorId: null,
    lang,
    ip: null,
    via: 'system',
  };
}
