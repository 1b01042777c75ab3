import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { OrderDetailPage } from './OrderDetailPage.tsx';
import { EditOrderPage, NewOrderPage } from './OrderEntryPage.tsx';
import { OrderListPage } from './OrderListPage.tsx';
import { PickListPage } from './PickListPage.tsx';

/** /orders, /orders/new, /orders/:id, /orders/:id/edit and /orders/:id/pick-list. */
export function OrdersModule() {
  return (
    <Routes>
      <Route index element={<OrderListPage />} />
      <Route path="new" element={<NewOrderPage />} />
      <Route path=":id" element={<OrderDetailPage />} />
      <Route path=":id/edit" element={<EditOrderPage />} />
      <Route path=":id/pick-list" element={<PickListPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
