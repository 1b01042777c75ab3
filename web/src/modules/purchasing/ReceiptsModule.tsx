import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { NewReceiptPage } from './NewReceiptPage.tsx';
import { ReceiptDetailPage } from './ReceiptDetailPage.tsx';
import { ReceiptListPage } from './ReceiptListPage.tsx';

/** /receipts, /receipts/new?po=ID and /receipts/:id. */
export function ReceiptsModule() {
  return (
    <Routes>
      <Route index element={<ReceiptListPage />} />
      <Route path="new" element={<NewReceiptPage />} />
      <Route path=":id" element={<ReceiptDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
