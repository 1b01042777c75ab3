import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/status.tsx';
import { ContractDetailPage } from './ContractDetailPage.tsx';
import { ContractListPage } from './ContractListPage.tsx';
import { NewContractPage } from './NewContractPage.tsx';

/** /sales-contracts, /sales-contracts/new and /sales-contracts/:id. */
export function ContractsModule() {
  return (
    <Routes>
      <Route index element={<ContractListPage />} />
      <Route path="new" element={<NewContractPage />} />
      <Route path=":id" element={<ContractDetailPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
