import { describe, expect, it } from 'vitest';
import { createProgressPrinter, renderProgressBar } from './progress.ts';

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe('the progress bar', () => {
  it('fills in proportion to the work done and shows the detail after the percentage', () => {
    expect(renderProgressBar({ label: 'Loading', done: 1, total: 4, detail: 'users' }, 8)).toBe(
      'Loading [##------]  25% users',
    );
    expect(renderProgressBar({ label: 'Loading', done: 0, total: 0 }, 4)).toBe('Loading [####] 100%');
    expect(renderProgressBar({ label: 'Loading', done: 9, total: 4 }, 4)).toBe('Loading [####] 100%');
  });

  it('redraws one line on a terminal and ends it with a newline', () => {
    const { stream, written } = recorder(true);
    const printer = createProgressPrinter(stream, 4);
    printer.update({ label: 'Loading', done: 0, total: 2, step: 'regions', detail: 'regions' });
    printer.update({ label: 'Loading', done: 1, total: 2, step: 'users', detail: 'users' });
    printer.done();
    expect(written).toEqual([
      '\rLoading [----]   0% regions\x1b[K',
      '\rLoading [##--]  50% users\x1b[K',
      '\n',
    ]);
  });

  it('prints a plain line per step or per tenth in a log, not one per update', () => {
    const { stream, written } = recorder(false);
    const printer = createProgressPrinter(stream, 4);
    for (let done = 0; done <= 1000; done++) printer.update({ label: 'Checking', done, total: 1000 });
    printer.update({ label: 'Loading', done: 0, total: 3, step: 'regions' });
    printer.update({ label: 'Loading', done: 0, total: 3, step: 'regions' });
    printer.update({ label: 'Loading', done: 1, total: 3, step: 'users' });
    printer.done();
    expect(written.filter((line) => line.startsWith('Checking'))).toHaveLength(11);
    expect(written.filter((line) => line.startsWith('Loading'))).toEqual([
      'Loading [----]   0%\n',
      'Loading [#---]  33%\n',
    ]);
    expect(written.every((line) => !line.includes('\r'))).toBe(true);
  });
});
