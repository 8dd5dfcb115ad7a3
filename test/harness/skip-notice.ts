/**
 * vitest reporter (vitest.config.ts): after the summary, one notice naming every test that was skipped because
 * the machine lacks PID 1 namespaces, a program or something else (support.ts), the programs missing and the command that installs
 * them. Prints nothing when nothing was skipped for that reason.
 */
import { relative } from 'node:path';
import type { Reporter } from 'vitest/reporters';
import type { RunnerTask, RunnerTestFile } from 'vitest';
import { skipNotice, SUITE_NOTE_META, type SkippedTest } from './needs.js';

export default class SkipNotice implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const found: SkippedTest[] = [];
    // A test skipped with context.skip(note) has the note on its result; one in a suite skipped whole (its hooks
    // must not run) finds it in the meta of that suite.
    const walk = (task: RunnerTask, file: string, path: string[], suiteNote: string | undefined): void => {
      if ('tasks' in task && task.type === 'suite') {
        const own = (task.meta as Record<string, unknown>)[SUITE_NOTE_META];
        const note = typeof own === 'string' ? own : suiteNote;
        for (const child of task.tasks) walk(child, file, task === task.file ? path : [...path, task.name], note);
        return;
      }
      // The runner keeps the note of `context.skip(note)` on the result; its type does not declare it.
      const note = (task.result as { note?: string } | undefined)?.note ?? suiteNote;
      const isSkipped = task.result?.state === 'skip' || (task.mode === 'skip' && task.result === undefined);
      if (isSkipped && note) found.push({ file, name: [...path, task.name].join(' > '), note });
    };
    for (const file of files) walk(file, relative(process.cwd(), file.filepath), [], undefined);
    const notice = skipNotice(found);
    if (notice) process.stdout.write(`\n${notice}\n\n`);
  }
}
