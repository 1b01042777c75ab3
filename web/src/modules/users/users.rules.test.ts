import { describe, expect, it } from 'vitest';
import type { User } from '../../../../contracts/users.ts';
import { filterUsers, userChanges } from './users.rules.ts';

const base: User = {
  id: 4,
  username: 'rep.east',
  displayName: '王磊',
  roles: ['sales_rep'],
  language: null,
  distributorId: null,
  managerId: 3,
  email: null,
  phone: null,
  isActive: true,
  regionIds: [2, 5],
  version: 7,
};

const edit = {
  displayName: '王磊',
  roles: ['sales_rep' as const],
  regionIds: [5, 2],
  distributorId: null,
  managerId: 3,
  email: null,
  phone: null,
  isActive: true,
  password: null,
};

describe('userChanges', () => {
  it('sends only the version when nothing changed (region order does not matter)', () => {
    expect(userChanges(base, edit)).toEqual({ version: 7 });
  });

  it('sends new roles, regions, the active flag and a reset password', () => {
    expect(
      userChanges(base, {
        ...edit,
        roles: ['regional_manager'],
        regionIds: [2],
        isActive: false,
        password: 'a-new-password-1',
      }),
    ).toEqual({
      version: 7,
      roles: ['regional_manager'],
      regionIds: [2],
      isActive: false,
      password: 'a-new-password-1',
    });
  });
});

describe('filterUsers', () => {
  const other: User = {
    ...base,
    id: 9,
    username: 'admin',
    displayName: '管理员',
    roles: ['admin'],
    isActive: false,
  };

  it('finds users by username or name, role and active flag, sorted by username', () => {
    expect(
      filterUsers([base, other], { q: '', role: undefined, isActive: undefined }).map((u) => u.id),
    ).toEqual([9, 4]);
    expect(filterUsers([base, other], { q: '王', role: undefined, isActive: undefined })).toEqual([base]);
    expect(filterUsers([base, other], { q: '', role: 'admin', isActive: undefined })).toEqual([other]);
    expect(filterUsers([base, other], { q: '', role: undefined, isActive: 'true' })).toEqual([base]);
  });
});
