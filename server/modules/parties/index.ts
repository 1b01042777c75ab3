export { registerCustomerRoutes } from './customers.routes.ts';
export { getCustomer } from './customers.service.ts';
export type { ComplianceReason, ComplianceResult } from './parties.rules.ts';
export { checkSaleCompliance, normalizeCustomerName, qualificationStatus } from './parties.rules.ts';
export { listQualifications as listQualificationRows } from './qualifications.repository.ts';
