export { registerCustomerRoutes } from './customers.routes.ts';
// Seeding (first start, demo company) goes through the same validation and audit as the API.
export { createCustomer as createCustomerForSeed, getCustomer } from './customers.service.ts';
export type { ComplianceReason, ComplianceResult } from './parties.rules.ts';
export { checkSaleCompliance, normalizeCustomerName, qualificationStatus } from './parties.rules.ts';
export { listQualifications as listQualificationRows } from './qualifications.repository.ts';
export { addQualification as addQualificationForSeed } from './qualifications.service.ts';
export { registerSupplierRoutes } from './suppliers.routes.ts';
export { createSupplier as createSupplierForSeed, findSupplierReference } from './suppliers.service.ts';
