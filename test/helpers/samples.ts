import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface SampleMeta {
  name: string;
  dir: string;
  description: string;
  script: string;
  shell: 'bash' | 'sh';
  /** The shells the PID 1 tests run it with, where they differ from what its `#!` line allows (its image's, or the ones that can read it). */
  runShells?: ('bash' | 'dash' | 'busybox')[];
  expect: { launcher: string; status: string; rules?: string[] };
  programs: string[];
  args?: string[];
  /** The programs that start with `args` when not all of `programs` do (one branch of a case, say). */
  waitFor?: string[];
  /** gosu/su-exec style programs that exec their argument. */
  execWrappers?: string[];
  runnable: boolean;
}

export const SAMPLES_DIR = join(import.meta.dirname, '..', '..', 'samples');

/** Every sample image with a sample.json, sorted by name. */
export function loadSamples(): SampleMeta[] {
  return readdirSync(SAMPLES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(SAMPLES_DIR, e.name, 'sample.json')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(SAMPLES_DIR, name);
      const meta = JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) as Omit<SampleMeta, 'name' | 'dir'>;
      return { ...meta, name, dir };
    });
}
