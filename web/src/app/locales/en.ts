import type { Messages } from './zh-CN.ts';

export const en: Messages = {
  app: {
    name: 'Pulse',
    title: 'Pulse Sales & Distribution',
    loading: 'Loading…',
  },
  language: {
    label: 'Language',
    zhCN: '中文',
    en: 'English',
  },
  nav: {
    menu: 'Menu',
    home: 'Home',
    openMenu: 'Open menu',
  },
  auth: {
    loginTitle: 'Sign in to Pulse',
    loginSubtitle: 'Medical-device sales and distribution',
    username: 'Username',
    password: 'Password',
    usernameRequired: 'Please enter your username',
    passwordRequired: 'Please enter your password',
    submit: 'Sign in',
    sessionNotStored:
      'Signed in, but the browser did not keep the session cookie. Check its settings and try again.',
    logout: 'Sign out',
  },
  home: {
    welcome: 'Welcome, {{name}}',
    rolesLabel: 'Your roles',
    noRoles: 'No roles assigned',
  },
  roles: {
    admin: 'Administrator',
    sales_rep: 'Sales representative',
    regional_manager: 'Regional manager',
    sales_director: 'Sales director',
    general_manager: 'General manager',
    finance: 'Finance',
    finance_director: 'Finance director',
    warehouse: 'Warehouse',
    quality: 'Quality & compliance',
    marketing: 'Marketing',
    legal: 'Legal',
    distributor: 'Distributor',
  },
  errors: {
    network: 'Cannot reach the server. Check your connection and try again.',
    http: 'The server answered with an error (HTTP {{status}}).',
    unexpected: 'Something went wrong. Please try again later.',
    loadUser: 'Could not load the signed-in user.',
    retry: 'Retry',
    notFoundTitle: 'Page not found',
    notFound: 'The page you asked for does not exist.',
    forbiddenTitle: 'Access denied',
    forbidden: 'You do not have permission to open this page.',
    backHome: 'Back to home',
  },
};
