import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { ModuleRoute, RequireAuth } from './guards.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { LoginPage } from './login/LoginPage.tsx';
import { type ModuleEntry, modules } from './modules.tsx';
import { NotFoundPage } from './status.tsx';

function toRoute(entry: ModuleEntry): RouteObject {
  const element = <ModuleRoute entry={entry} />;
  return entry.path === '/' ? { index: true, element } : { path: `${entry.path.slice(1)}/*`, element };
}

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [...modules.map(toRoute), { path: '*', element: <NotFoundPage /> }],
    },
  ]);
}
