import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { PriceListDetailPage } from './PriceListDetailPage.tsx';
import { PriceListListPage } from './PriceListListPage.tsx';

/** /price-lists and /price-lists/:id (created and edited in a drawer). */
export function PriceListsModule() {
  return (
    <Routes>
      <Route index element={<PriceListListPage />} />
      <Route path=":id" element={<PriceListDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
