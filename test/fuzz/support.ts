/**
 * Shared plumbing for the property suites: the seed (fixed, overridable), running a property with a re-run hint in
 * the failure message, batched shell syntax checks, and freeing execwrap's parse trees between runs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

/** The seed every CI run uses unless EXECWRAP_FUZZ_SEED says otherwise: the same scripts every run. */
export const DEFAULT_SEED = 7_231_177;

export function fuzzSeed(): number {
  const raw = process.env.EXECWRAP_FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`EXECWRAP_FUZZ_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** fast-check's replay path (`"17"`, `"17:3:0"`): with it only that case (and its shrinks) runs. */
export function fuzzPath(): string | undefined {
  const raw = process.env.EXECWRAP_FUZZ_PATH;
  return raw ? raw : undefined;
}

/** Number of generated cases; EXECWRAP_FUZZ_RUNS overrides (e.g. 20000 for a long local session). */
export function fuzzRuns(fallback: number): number {
  const raw = process.env.EXECWRAP_FUZZ_RUNS;
  return raw ? Math.max(1, Number(raw)) : fallback;
}

export function rerunHint(seed: number, path: string | undefined, testName: string): string {
  const env = `EXECWRAP_FUZZ_SEED=${seed}${path ? ` EXECWRAP_FUZZ_PATH=${path}` : ''}`;
  return (
    `Re-run exactly this case:\n  ${env} npx vitest run test/fuzz -t ${JSON.stringify(testName)}\n` +
    'Keep it as a regression sample (samples/fuzz-<n>/): see test/fuzz/README.md.'
  );
}

/**
 * Runs an async property with the suite's seed (and path, when replaying) and throws fast-check's report plus the
 * command that re-runs the failing case. Returns how many cases ran.
 */
export async function checkProperty<T>(
  testName: string,
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void> | void,
  numRuns: number,
  overrides: { seed?: number; path?: string } = {},
): Promise<number> {
  const seed = overrides.seed ?? fuzzSeed();
  const path = overrides.path ?? fuzzPath();
  let ran = 0;
  const details = await fc.check(
    fc.asyncProperty(arb, async (value) => {
      ran++;
      await predicate(value);
    }),
    // With a path only that case runs (then shrinks, if it fails).
    { seed, numRuns: path ? 1 : numRuns, ...(path ? { path } : {}), endOnFailure: false },
  );
  if (details.failed) {
    const report = (await fc.asyncDefaultReportMessage(details)) ?? 'property failed';
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${report}\n\nWhat failed: ${cause}\n\n${rerunHint(details.seed, details.counterexamplePath ?? undefined, testName)}`);
  }
  return ran;
}

// ---------------------------------------------------------------------------------------------------------------
// shell syntax checks in bulk

export type CheckShell = 'bash' | 'dash';

/**
 * `bash -n` / `dash -n` on many texts: written to files, then checked by a few long-lived shell loops running
 * concurrently (a shell forking a shell costs ~1 ms; node spawning one costs ~10 ms). Returns, per input, null when
 * the shell accepts it, else its message.
 */
export async function shellSyntaxBatch(items: { text: string; shell: CheckShell }[], workers = 2): Promise<(string | null)[]> {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-fuzz-n-'));
  try {
    const byShell = new Map<CheckShell, number[]>();
    items.forEach((item, i) => {
      writeFileSync(join(dir, `${i}.sh`), item.text);
      byShell.set(item.shell, [...(byShell.get(item.shell) ?? []), i]);
    });
    const results: (string | null)[] = items.map(() => null);
    const jobs: Promise<void>[] = [];
    for (const [shell, indices] of byShell) {
      for (let w = 0; w < workers; w++) {
        const mine = indices.filter((_, k) => k % workers === w);
        if (mine.length === 0) continue;
        const listFile = join(dir, `${shell}-${w}.list`);
        writeFileSync(listFile, mine.map((i) => `${i}\n`).join(''));
        const loop = `while IFS= read -r i; do out=$(${shell} -n "$1/$i.sh" 2>&1) || printf '%s\\t%s\\0' "$i" "$out"; done < "$2"`;
        jobs.push(
          new Promise<void>((resolve, reject) => {
            const child = spawn('bash', ['-c', loop, 'check', dir, listFile], { stdio: ['ignore', 'pipe', 'inherit'] });
            const chunks: Buffer[] = [];
            child.stdout.on('data', (d: Buffer) => chunks.push(d));
            child.on('error', reject);
            child.on('close', () => {
              for (const rec of Buffer.concat(chunks).toString('utf8').split('\0')) {
                if (!rec) continue;
                const tab = rec.indexOf('\t');
                results[Number(rec.slice(0, tab))] = rec.slice(tab + 1) || 'rejected (no message)';
              }
              resolve();
            });
          }),
        );
      }
    }
    await Promise.all(jobs);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A scratch directory removed at exit. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(dir, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------------------------
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
