import type { Role } from '../contracts/auth.ts';

/** One demo user per role (README "Demo logins"); all share the demo password. */
export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  /** Sales-region codes the user is limited to. */
  regions?: string[];
  /** Code of the customer a distributor user belongs to. */
  distributorCode?: string;
  manager?: string;
}

export const demoUsers: DemoUser[] = [
  { username: 'gm', displayName: '陈总', roles: ['general_manager'] },
  { username: 'director', displayName: '王建国', roles: ['sales_director'], manager: 'gm' },
  {
    username: 'manager.east',
    displayName: '李华东',
    roles: ['regional_manager'],
    regions: ['EAST'],
    manager: 'director',
  },
  {
    username: 'rep.east',
    displayName: '张伟',
    roles: ['sales_rep'],
    regions: ['EAST'],
    manager: 'manager.east',
  },
  {
    username: 'rep.south',
    displayName: '刘芳',
    roles: ['sales_rep'],
    regions: ['SOUTH'],
    manager: 'director',
  },
  { username: 'finance', displayName: '赵敏', roles: ['finance'], manager: 'finance.director' },
  { username: 'finance.director', displayName: '孙立', roles: ['finance_director'], manager: 'gm' },
  { username: 'warehouse', displayName: '周强', roles: ['warehouse'] },
  { username: 'quality', displayName: '吴静', roles: ['quality'] },
  { username: 'marketing', displayName: '郑琳', roles: ['marketing'] },
  { username: 'legal', displayName: '冯律', roles: ['legal'] },
  {
    username: 'distributor',
    displayName: '康达医疗 业务员',
    roles: ['distributor'],
    distributorCode: 'D-SN-001',
  },
];
