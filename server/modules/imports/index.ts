export { type ImportCommandOptions, runImportCommand } from './import-command.ts';
export { commitImport, dryRunImport, type ImportProgress } from './import-runner.ts';
export { type ImportLimits, readImportLimits } from './imports.config.ts';
export { registerImportRoutes } from './imports.routes.ts';
export { exportProblems, getImport, listProblems, uploadImport } from './imports.service.ts';
