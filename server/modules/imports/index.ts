// Reading a spreadsheet and its cells, for focused uploads elsewhere (analytics targets).
export { type CellParser, invalid, type Parsed, parseYuanToFen, valid } from './cell-values.ts';
export { detectEncoding, detectFormat, openSheet } from './file-reader.ts';
export { type ImportCommandOptions, runImportCommand } from './import-command.ts';
export { commitImport, dryRunImport, type ImportProgress } from './import-runner.ts';
export { type ImportLimits, readImportLimits } from './imports.config.ts';
export { registerImportRoutes } from './imports.routes.ts';
export { exportProblems, getImport, listProblems, uploadImport } from './imports.service.ts';
