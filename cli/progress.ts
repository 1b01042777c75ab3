/**
 * The text progress bar of the long-running commands (`pulse import`, `pulse demo`): on a
 * terminal one line redrawn in place, elsewhere (logs, CI, a pipe) plain lines that read well
 * in a file.
 */

/** Where the bar goes: process.stderr, or anything with a write (tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressState {
  /** Left of the bar; pad labels that alternate so the bars line up. */
  label: string;
  done: number;
  total: number;
  /** Right of the percentage, e.g. "1,200/5,000 rows" or the step being run. */
  detail?: string;
  /** The part of the work under way; off a terminal, each new step gets its own line. */
  step?: string;
}

/** `label [######------]  50% detail`; nothing to do counts as done. */
export function renderProgressBar(state: ProgressState, width = 30): string {
  const fraction = state.total <= 0 ? 1 : Math.min(1, Math.max(0, state.done / state.total));
  const filled = Math.round(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const bar = `${state.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}`;
  return state.detail ? `${bar} ${state.detail}` : bar;
}

export interface ProgressPrinter {
  update(state: ProgressState): void;
  /** Ends the bar: a newline on a terminal, and the next update starts afresh. */
  done(): void;
}

/**
 * On a terminal, redraws one line (and clears what a longer previous line left). Elsewhere,
 * prints a line whenever the label or the step changes or another tenth is done, so a log gets
 * a handful of lines rather than thousands.
 */
export function createProgressPrinter(stream: ProgressStream, width?: number): ProgressPrinter {
  let lastKey: string | null = null;
  let lastTenth = -1;
  let isDrawn = false;
  return {
    update(state) {
      const line = renderProgressBar(state, width);
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        isDrawn = true;
        return;
      }
      const key = `${state.label}\u0000${state.step ?? ''}`;
      const tenth = state.total <= 0 ? 10 : Math.floor(Math.min(1, state.done / state.total) * 10);
      if (key !== lastKey || tenth > lastTenth) {
        lastKey = key;
        lastTenth = tenth;
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (stream.isTTY && isDrawn) stream.write('\n');
      isDrawn = false;
      lastKey = null;
      lastTenth = -1;
    },
  };
}
