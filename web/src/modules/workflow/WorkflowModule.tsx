import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { ApprovalPage } from './ApprovalPage.tsx';
import { InboxPage } from './InboxPage.tsx';

/** /workflow (the inbox) and /workflow/approvals/:id. */
export function WorkflowModule() {
  return (
    <Routes>
      <Route index element={<InboxPage />} />
      <Route path="inbox" element={<InboxPage />} />
      <Route path="approvals/:id" element={<ApprovalPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
