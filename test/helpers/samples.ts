import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StandinConfig } from '../../src/app/verify/pid1.js';

/**
 * When the script ends, by the lifetime rule of the table (README "What a fix keeps"): `main` when the
 * program it ends with does, `all` when every program it waits for has, `first` when one has (`wait -n`), `never`
 * for a keep-alive (the fixed script then ends when every program has ended, with 0).
 */
export interface SampleLifetime {
  ends: 'main' | 'all' | 'first' | 'never';
  /** For `main`: what the script ends with (a program's name, or a loop described in words). */
  main?: string;
  /** The script's status after a stop signal when the rule does not give it (its own handler or loop decides). */
  stopStatus?: number;
  /** The script's own final status whatever ended it (a last `exit 0`). */
  exitStatus?: number;
  /** Stand-ins that must have run once the script stopped (an EXIT trap's cleanup). */
  afterStop?: string[];
  /** Why the original does not follow the rule (the lifetime tests then check the fixed script against the rule only). */
  original?: string;
}

export interface SampleMeta {
  name: string;
  dir: string;
  description: string;
  script: string;
  shell: 'bash' | 'sh';
  /** The shells the PID 1 tests run it with, where they differ from what its `#!` line allows (its image's, or the ones that can read it). */
  runShells?: ('bash' | 'dash' | 'busybox')[];
  /** What the sample covers, in a few words (samples/README.md's table). */
  covers: string;
  expect: {
    launcher: string;
    status: string;
    /** The IDs of the rules `execwrap check` reports on the script alone, sorted (test/samples.test.ts asserts them). */
    rules: string[];
    /** The same for the Dockerfile of the folder, where it has one. */
    dockerfileRules?: string[];
    /** Free text: what the findings say, and hints. */
    notes?: string[];
    note?: string;
  };
  programs: string[];
  args?: string[];
  /** The programs that start with `args` when not all of `programs` do (one branch of a case, say). */
  waitFor?: string[];
  /** gosu/su-exec style programs that exec their argument. */
  execWrappers?: string[];
  /** Stand-in behaviour per program name (a helper that daemonizes, a cleanup step that ends by itself). */
  standins?: Record<string, StandinConfig>;
  lifetime?: SampleLifetime;
  /** Why the unfixed original passes the stop test too (everywhere, or under the shells named): no negative control there. */
  control?: string | Partial<Record<'dash' | 'busybox' | 'bash', string>>;
  /** Files in the sample folder the script sources (copied beside it for the PID 1 runs). */
  files?: string[];
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
