import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../../app/status.tsx';
import { PaymentDetailPage } from './PaymentDetailPage.tsx';
import { PaymentListPage } from './PaymentListPage.tsx';

/** /payments and /payments/:id. */
export function PaymentsModule() {
  return (
    <Routes>
      <Route index element={<PaymentListPage />} />
      <Route path=":id" element={<PaymentDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
