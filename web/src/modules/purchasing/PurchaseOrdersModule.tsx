import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { PurchaseOrderDetailPage } from './PurchaseOrderDetailPage.tsx';
import { PurchaseOrderListPage } from './PurchaseOrderListPage.tsx';

/** /purchase-orders and /purchase-orders/:id. */
export function PurchaseOrdersModule() {
  return (
    <Routes>
      <Route index element={<PurchaseOrderListPage />} />
      <Route path=":id" element={<PurchaseOrderDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
