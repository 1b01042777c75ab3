import type { Role } from '../../../../contracts/auth.ts';
import type { User } from '../../../../contracts/users.ts';

export interface UserFilter {
  q: string;
  role: string | undefined;
  isActive: string | undefined;
}

/** The users a search box, a role and an active flag leave, by username. */
export function filterUsers(users: readonly User[], { q, role, isActive }: UserFilter): User[] {
  const needle = q.trim().toLowerCase();
  return users
    .filter(
      (user) =>
        needle === '' ||
        user.username.toLowerCase().includes(needle) ||
        user.displayName.toLowerCase().includes(needle),
    )
    .filter((user) => !role || user.roles.includes(role as Role))
    .filter((user) => isActive === undefined || String(user.isActive) === isActive)
    .sort((a, b) => a.username.localeCompare(b.username));
}

/** Only a distributor user is bound to a distributor, and it must be (the server refuses otherwise). */
export function needsDistributor(roles: readonly Role[]): boolean {
  return roles.includes('distributor');
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((id, i) => id === y[i]);
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((role) => b.includes(role));

export interface UserEdit {
  displayName: string;
  roles: Role[];
  regionIds: number[];
  distributorId: number | null;
  managerId: number | null;
  email: string | null;
  phone: string | null;
  isActive: boolean;
  password: string | null;
}

/** What an edit changes, with the version read; unchanged fields are left out. */
export function userChanges(base: User, edit: UserEdit): Record<string, unknown> & { version: number } {
  const changes: Record<string, unknown> & { version: number } = { version: base.version };
  if (edit.displayName !== base.displayName) changes.displayName = edit.displayName;
  if (!sameRoles(edit.roles, base.roles)) changes.roles = edit.roles;
  if (!sameIds(edit.regionIds, base.regionIds)) changes.regionIds = edit.regionIds;
  if (edit.distributorId !== base.distributorId) changes.distributorId = edit.distributorId;
  if (edit.managerId !== base.managerId) changes.managerId = edit.managerId;
  if (edit.email !== base.email) changes.email = edit.email;
  if (edit.phone !== base.phone) changes.phone = edit.phone;
  if (edit.isActive !== base.isActive) changes.isActive = edit.isActive;
  if (edit.password) changes.password = edit.password;
  return changes;
}
