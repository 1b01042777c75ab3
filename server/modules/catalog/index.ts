export { registerCatalogRoutes } from './catalog.routes.ts';
export { checkSaleComplianceFor } from './compliance.service.ts';
export { normaliseGtin14 } from './gtin.rules.ts';
// Seeding and imports go through the same validation and audit as the API.
export { createProductLine as createProductLineForSeed } from './product-lines.service.ts';
export { checkProduct, type ProductProblem } from './products.rules.ts';
export { createProduct as createProductForSeed, getProduct } from './products.service.ts';
export { parseUdi, type Udi } from './udi.rules.ts';
