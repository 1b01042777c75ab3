/** Simplified Chinese texts; the shape of this object is the shape every language must have. */
export const zhCN = {
  app: {
    name: 'Pulse',
    title: 'Pulse 销售与分销',
    loading: '加载中…',
  },
  language: {
    label: '界面语言',
    zhCN: '中文',
    en: 'English',
  },
  nav: {
    menu: '菜单',
    home: '首页',
    openMenu: '打开菜单',
  },
  auth: {
    loginTitle: '登录 Pulse',
    loginSubtitle: '医疗器械销售与分销管理',
    username: '用户名',
    password: '密码',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    submit: '登录',
    sessionNotStored: '登录成功，但浏览器没有保存会话 Cookie，请检查浏览器设置后重试。',
    logout: '退出登录',
  },
  home: {
    welcome: '欢迎，{{name}}',
    rolesLabel: '您的角色',
    noRoles: '暂无角色',
  },
  roles: {
    admin: '系统管理员',
    sales_rep: '销售代表',
    regional_manager: '区域经理',
    sales_director: '销售总监',
    general_manager: '总经理',
    finance: '财务',
    finance_director: '财务总监',
    warehouse: '仓储',
    quality: '质量合规',
    marketing: '市场',
    legal: '法务',
    distributor: '经销商',
  },
  errors: {
    network: '无法连接服务器，请检查网络后重试。',
    http: '服务器返回错误（HTTP {{status}}）。',
    unexpected: '发生意外错误，请稍后重试。',
    loadUser: '无法加载当前用户信息。',
    retry: '重试',
    notFoundTitle: '页面不存在',
    notFound: '您访问的页面不存在。',
    forbiddenTitle: '无权访问',
    forbidden: '您没有访问此页面的权限。',
    backHome: '返回首页',
  },
};

export type Messages = typeof zhCN;
