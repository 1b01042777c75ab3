import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../../app/status.tsx';
import { InvoiceDetailPage } from './InvoiceDetailPage.tsx';
import { InvoiceListPage } from './InvoiceListPage.tsx';

/** /invoices and /invoices/:id. */
export function InvoicesModule() {
  return (
    <Routes>
      <Route index element={<InvoiceListPage />} />
      <Route path=":id" element={<InvoiceDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
