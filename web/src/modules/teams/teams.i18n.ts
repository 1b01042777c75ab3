/** Texts of the sales teams screen. */
export const zh = {
  nav: {
    teams: '销售团队',
  },
  title: '销售团队',
  searchPlaceholder: '搜索团队、负责人或成员',
  new: '新建团队',
  editTitle: '编辑团队：{{name}}',
  deleteConfirm: '删除团队“{{name}}”？',
  deleteHint: '只删除团队和成员分配，用户和客户不受影响。',
  readOnly: '您只能查看团队；维护团队需要管理员权限。',
  empty: '还没有团队',
  noMatch: '没有匹配的团队',
  noLeader: '未指定',
  noMembers: '暂无成员',
  memberCount_one: '{{count}} 人',
  memberCount: '{{count}} 人',
  fields: {
    name: '团队名称',
    region: '所属区域',
    leader: '负责人',
    members: '成员',
  },
  filters: {
    region: '区域',
  },
  hints: {
    region: '团队所在区域；该区域及上级区域的用户能看到这个团队',
    members: '可添加销售代表和区域经理；点击成员上的 × 即可移出团队',
    leaderPlaceholder: '选择负责人（可不填）',
    membersPlaceholder: '选择要加入团队的销售',
    repsUnavailable: '无法加载可分配的销售人员，只能保留或移除现有成员。',
  },
  groups: {
    inRegion: '本区域',
    otherRegions: '其他区域',
  },
  validation: {
    nameRequired: '请输入团队名称',
    regionRequired: '请选择所属区域',
  },
};

export const en: typeof zh = {
  nav: {
    teams: 'Sales teams',
  },
  title: 'Sales teams',
  searchPlaceholder: 'Search teams, leaders or members',
  new: 'New team',
  editTitle: 'Edit team: {{name}}',
  deleteConfirm: 'Delete team "{{name}}"?',
  deleteHint: 'Only the team and its member assignments go; users and customers stay as they are.',
  readOnly: 'You can view teams; maintaining them needs an administrator.',
  empty: 'No teams yet',
  noMatch: 'No matching teams',
  noLeader: 'Not set',
  noMembers: 'No members yet',
  memberCount_one: '{{count}} person',
  memberCount: '{{count}} people',
  fields: {
    name: 'Team name',
    region: 'Region',
    leader: 'Leader',
    members: 'Members',
  },
  filters: {
    region: 'Region',
  },
  hints: {
    region: 'Where the team works; users of this region and the regions above it see the team',
    members: 'Sales reps and regional managers can join; click × on a member to take them off the team',
    leaderPlaceholder: 'Choose a leader (optional)',
    membersPlaceholder: 'Choose the sales people to add',
    repsUnavailable: 'The sales people could not be loaded; you can only keep or remove the current members.',
  },
  groups: {
    inRegion: 'In this region',
    otherRegions: 'Other regions',
  },
  validation: {
    nameRequired: 'Enter the team name',
    regionRequired: 'Choose the region',
  },
};
