import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { CustomerDetailPage } from './CustomerDetailPage.tsx';
import { CustomerListPage } from './CustomerListPage.tsx';

/** /customers and /customers/:id. */
export function CustomersModule() {
  return (
    <Routes>
      <Route index element={<CustomerListPage />} />
      <Route path=":id" element={<CustomerDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
