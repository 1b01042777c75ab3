export { registerCustomerRoutes } from './customers.routes.ts';
// Seeding (first start, demo company) goes through the same validation and audit as the API; lead
// conversion (crm) creates the customer inside its own transaction and masks leads' contacts alike.
export {
  createCustomer as createCustomerForSeed,
  createCustomerInTransaction,
  getCustomer,
  getCustomerForSale,
} from './customers.service.ts';
export type { ComplianceQualification, ComplianceReason, ComplianceResult } from './parties.rules.ts';
export {
  checkSaleCompliance,
  NEAR_DUPLICATE_SIMILARITY,
  normalizeCustomerName,
  qualificationStatus,
} from './parties.rules.ts';
export { maskName, maskPhone, seesPersonalData } from './personal-data.ts';
export { listQualifications as listQualificationRows } from './qualifications.repository.ts';
export { addQualification as addQualificationForSeed } from './qualifications.service.ts';
export { registerSupplierRoutes } from './suppliers.routes.ts';
export { createSupplier as createSupplierForSeed, findSupplierReference } from './suppliers.service.ts';
