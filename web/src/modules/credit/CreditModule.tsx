import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { CreditProfilesPage } from './CreditProfilesPage.tsx';
import { CustomerCreditPage } from './CustomerCreditPage.tsx';

/** /credit (profiles) and /credit/:customerId (the customer's credit page). */
export function CreditModule() {
  return (
    <Routes>
      <Route index element={<CreditProfilesPage />} />
      <Route path=":id" element={<CustomerCreditPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
