import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { NewQuotePage } from './NewQuotePage.tsx';
import { QuoteDetailPage } from './QuoteDetailPage.tsx';
import { QuoteListPage } from './QuoteListPage.tsx';

/** /quotes, /quotes/new and /quotes/:id. */
export function QuotesModule() {
  return (
    <Routes>
      <Route index element={<QuoteListPage />} />
      <Route path="new" element={<NewQuotePage />} />
      <Route path=":id" element={<QuoteDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
