import { lazy, Suspense } from 'react';
import { useCurrentUser } from '../../app/auth.tsx';
import { PageLoading } from '../../app/status.tsx';
import { StartPage } from './StartPage.tsx';

// Charts are a large chunk: only users who see the dashboard load them.
const SalesOverviewPage = lazy(() =>
  import('../dashboard/SalesOverviewPage.tsx').then((m) => ({ default: m.SalesOverviewPage })),
);

/**
 * The landing page after sign-in: the sales overview for sellers, management, finance and
 * distributors (permission dashboard:read); a start page with shortcuts for everyone else.
 */
export function HomePage() {
  const user = useCurrentUser();
  if (!user.permissions.includes('dashboard:read')) return <StartPage />;
  return (
    <Suspense fallback={<PageLoading />}>
      <SalesOverviewPage />
    </Suspense>
  );
}
