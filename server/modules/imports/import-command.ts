/**
 * `pulse import FILE --entity E [--commit]`: the same upload → dry run → commit as the API,
 * run in-process by an operator, with a progress bar. Exit code 0 when clean (and committed
 * when asked), 1 when rows have problems, 2 when the file cannot be mapped.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createProgressPrinter,
  type ProgressState,
  type ProgressStream,
  renderProgressBar as renderBar,
} from '../../../cli/progress.ts';
import type { ImportEntity, ImportJob } from '../../../contracts/imports.ts';
import { systemContext } from '../../platform/auth-context.ts';
import type { Db } from '../../platform/db.ts';
import type { Lang } from '../../platform/i18n.ts';
import { commitImport, dryRunImport, type ImportProgress } from './import-runner.ts';
import { readImportLimits } from './imports.config.ts';
import { exportProblems, uploadImport } from './imports.service.ts';

export interface ImportCommandOptions {
  file: string;
  entity: ImportEntity;
  commit: boolean;
  templateId?: number | undefined;
  /** Where to write the CSV error report when there are problems. */
  reportFile?: string | undefined;
  lang?: Lang;
}

export interface CommandOutput {
  out: (line: string) => void;
  /** The progress bar goes here; on a terminal it redraws one line. */
  progress: ProgressStream;
}

const number = (n: number) => n.toLocaleString('en-US');

function toProgressState(progress: ImportProgress): ProgressState {
  return {
    label: progress.phase === 'validating' ? 'Checking  ' : 'Committing',
    done: progress.processedRows,
    total: progress.totalRows,
    detail: `${number(progress.processedRows)}/${number(progress.totalRows)} rows`,
  };
}

export function renderProgressBar(progress: ImportProgress, width = 30): string {
  return renderBar(toProgressState(progress), width);
}

/** The shared printer fed with import progress: redraws on a terminal, a line per tenth elsewhere. */
function progressPrinter(output: CommandOutput) {
  const printer = createProgressPrinter(output.progress);
  return {
    update: (progress: ImportProgress) => printer.update(toProgressState(progress)),
    done: () => printer.done(),
  };
}

function describeMapping(job: ImportJob): string[] {
  const lines = job.fields.map((field) => {
    const header = job.mapping[field.name];
    return `  ${field.name.padEnd(18)} ← ${header ?? (field.required ? '(missing: required)' : '(not imported)')}`;
  });
  const used = new Set(Object.values(job.mapping));
  const ignored = job.headers.filter((h) => h !== '' && !used.has(h));
  if (ignored.length > 0) lines.push(`  ignored columns: ${ignored.join(', ')}`);
  return lines;
}

export async function runImportCommand(
  db: Db,
  options: ImportCommandOptions,
  output: CommandOutput,
): Promise<number> {
  const ctx = systemContext(options.lang ?? 'en');
  const limits = readImportLimits();
  const { out } = output;
  const content = fs.readFileSync(options.file);
  const job = await uploadImport(
    db,
    ctx,
    {
      entity: options.entity,
      fileName: path.basename(options.file),
      content,
      templateId: options.templateId,
    },
    limits,
  );
  out(
    `${job.fileName}: ${job.format}${job.encoding ? ` (${job.encoding})` : ''}, ${number(job.totalRows)} rows — import #${job.id}`,
  );
  out('Column mapping:');
  for (const line of describeMapping(job)) out(line);
  if (job.unmappedRequiredFields.length > 0) {
    out(
      `Required fields without a column: ${job.unmappedRequiredFields.join(', ')}. Rename the headers or use --template.`,
    );
    return 2;
  }

  const bar = progressPrinter(output);
  const checked = await dryRunImport(db, ctx, job.id, { limits, onProgress: bar.update, firstProblems: 20 });
  bar.done();
  const problemCount = checked.job.problemCount ?? 0;
  if (problemCount > 0) {
    out(`${number(problemCount)} problems; nothing was imported.`);
    for (const { code, count } of checked.job.problemCounts) out(`  ${code.padEnd(24)} ${number(count)}`);
    out('First problems:');
    for (const p of checked.problems) {
      out(`  row ${p.rowNumber}${p.column ? ` [${p.column}]` : ''} ${p.code}: ${p.message}`);
    }
    if (options.reportFile) {
      const report = await exportProblems(db, ctx, job.id, limits.maxStoredProblems);
      fs.writeFileSync(options.reportFile, report.body);
      out(`Error report written to ${options.reportFile}.`);
    }
    return 1;
  }
  const unchanged = checked.job.unchangedCount ?? 0;
  if (!options.commit) {
    out(
      `No problems: ${number(job.totalRows - unchanged)} rows would be created, ${number(unchanged)} are unchanged.`,
    );
    out('Run again with --commit to import them.');
    return 0;
  }
  const result = await commitImport(db, ctx, job.id, { limits, onProgress: bar.update });
  bar.done();
  if (result.alreadyImported) {
    out(
      `This file was already imported (import #${result.job.alreadyImportedByJobId ?? job.id}); nothing was written.`,
    );
  } else {
    out(`Imported: ${number(result.created)} created, ${number(result.unchanged)} unchanged.`);
  }
  return 0;
}
