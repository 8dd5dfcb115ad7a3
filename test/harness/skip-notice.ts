/**
 * vitest reporter (vitest.config.ts): after the summary, one notice naming every test that was skipped because
 * the machine lacks PID 1 namespaces or a program (support.ts), the programs missing and the command that installs
 * them. Prints nothing when nothing was skipped for that reason.
 */
import { relative } from 'node:path';
import type { Reporter } from 'vitest/reporters';
import type { RunnerTask, RunnerTestFile } from 'vitest';
import { skipNotice, type SkippedTest } from './needs.js';

export default class SkipNotice implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const skipped: SkippedTest[] = [];
    const walk = (task: RunnerTask, file: string, path: string[]): void => {
      if ('tasks' in task && task.type === 'suite') {
        for (const child of task.tasks) walk(child, file, task === task.file ? path : [...path, task.name]);
        return;
      }
      // The runner keeps the note of `context.skip(note)` on the result; its type does not declare it.
      const note = (task.result as { note?: string } | undefined)?.note;
      if (task.result?.state === 'skip' && note) skipped.push({ file, name: [...path, task.name].join(' > '), note });
    };
    for (const file of files) walk(file, relative(process.cwd(), file.filepath), []);
    const notice = skipNotice(skipped);
    if (notice) process.stdout.write(`\n${notice}\n\n`);
  }
}
