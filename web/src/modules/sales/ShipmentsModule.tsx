import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { ShipmentListPage } from './ShipmentListPage.tsx';
import { ShipmentPage } from './ShipmentPage.tsx';

/** /shipments and /shipments/:id (scan, ship, deliver). */
export function ShipmentsModule() {
  return (
    <Routes>
      <Route index element={<ShipmentListPage />} />
      <Route path=":id" element={<ShipmentPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
