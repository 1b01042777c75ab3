import { type ReactNode, Suspense } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth, useCurrentUser } from './auth.tsx';
import { canOpenModule, type ModuleEntry } from './modules.tsx';
import { ForbiddenPage, PageLoading, UserLoadErrorPage } from './status.tsx';

/** Renders its children for a signed-in user; otherwise sends them to /login and back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, isLoading, error, refetch } = useAuth();
  const location = useLocation();
  if (isLoading) return <PageLoading />;
  if (user) return children;
  if (error) return <UserLoadErrorPage error={error} onRetry={refetch} />;
  return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
}

export function ModuleRoute({ entry }: { entry: ModuleEntry }) {
  const user = useCurrentUser();
  if (!canOpenModule(entry, user)) return <ForbiddenPage />;
  const Page = entry.element;
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

/** Where to go after signing in: the page that sent the user to /login, if any. */
export function redirectTarget(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const { from } = state;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login')) return from;
  }
  return '/';
}
