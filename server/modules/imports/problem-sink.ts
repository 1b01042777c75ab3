import type { ImportProblemCode } from '../../../contracts/imports.ts';
import type { Queryable } from '../../platform/db.ts';
import type { ReportProblem, RowProblem } from './import-entity.ts';
import * as repo from './imports.repository.ts';

/**
 * Collects the problems of a run: counts every one, stores up to a cap (a file where every row
 * is wrong should not write millions of problem rows), and writes them batch by batch on its
 * own connection so that they are there for the user even when the run's transaction rolls back.
 */
export class ProblemSink {
  readonly counts = new Map<ImportProblemCode, number>();
  private pending: RowProblem[] = [];
  private stored = 0;
  private total = 0;

  constructor(
    private readonly db: Queryable,
    private readonly jobId: number,
    private readonly headers: readonly string[],
    private readonly columns: ReadonlyMap<string, number>,
    private readonly maxStored: number,
  ) {}

  readonly report: ReportProblem = (problem) => {
    this.total++;
    this.counts.set(problem.code, (this.counts.get(problem.code) ?? 0) + 1);
    if (this.stored + this.pending.length < this.maxStored) this.pending.push(problem);
  };

  get count(): number {
    return this.total;
  }

  countsByCode(): Partial<Record<ImportProblemCode, number>> {
    return Object.fromEntries(this.counts) as Partial<Record<ImportProblemCode, number>>;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.map((problem) => {
      const column = problem.field === null ? undefined : this.columns.get(problem.field);
      return { ...problem, column: column === undefined ? null : (this.headers[column] ?? null) };
    });
    this.pending = [];
    await repo.insertProblems(this.db, this.jobId, this.stored + 1, batch);
    this.stored += batch.length;
  }
}
