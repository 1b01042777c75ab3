import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { OpportunityDetailPage } from './OpportunityDetailPage.tsx';
import { OpportunityListPage } from './OpportunityListPage.tsx';

/** /opportunities (board or list) and /opportunities/:id. */
export function OpportunitiesModule() {
  return (
    <Routes>
      <Route index element={<OpportunityListPage />} />
      <Route path=":id" element={<OpportunityDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
