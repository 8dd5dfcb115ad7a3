/**
 * What tests need from the machine beyond Node (PID 1 namespaces, programs such as busybox or tini), how a test
 * that cannot have it is marked, and the notice that lists those tests at the end of a run.
 *
 * Plain Node (no vitest import): the vitest glue (support.ts) runs in the test workers, the notice
 * (skip-notice.ts) in vitest's main process; both read the same format from here.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** CI sets it: every test that would be skipped for want of namespaces, a program or root fails instead. */
export const REQUIRE_ENV = 'EXECWRAP_REQUIRE_PID1';

/** The skips REQUIRE_ENV leaves alone (`needMachine(…, { requiredInCi: false })`), in the notice's words. */
export const NOT_REQUIRED =
  'a machine may lack by nature (chattr +i on its filesystem, `npm install-scripts` in its npm, a SARIF Multitool binary for its platform) and a Docker engine (EXECWRAP_REQUIRE_ENGINE=1 requires that)';

/** The package that installs each program (Debian/Ubuntu names), for the install command the notice prints. */
const PACKAGES: Record<string, string> = {
  bash: 'bash',
  busybox: 'busybox',
  dash: 'dash',
  'dumb-init': 'dumb-init',
  git: 'git',
  script: 'bsdutils',
  tini: 'tini',
  unshare: 'util-linux',
};

const found = new Map<string, boolean>();

/** Whether `program` is an executable file in a folder of PATH (what spawn and the PID 1 harness run). */
export function hasProgram(program: string): boolean {
  let known = found.get(program);
  if (known === undefined) {
    known = (process.env.PATH ?? '').split(delimiter).some((dir) => {
      if (!dir) return false;
      const path = join(dir, program);
      try {
        accessSync(path, constants.X_OK);
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
    found.set(program, known);
  }
  return known;
}

/** The programs of `programs` this machine lacks, each once, in the order given. */
export function missingPrograms(programs: readonly string[]): string[] {
  return [...new Set(programs)].filter((p) => !hasProgram(p));
}

// A skipped test carries one of these notes (a whole skipped suite: in its meta, under this key); the notice parses
// them back.
export const SUITE_NOTE_META = 'execwrapNotVerified';
const NOTE_PREFIX = 'not verified: ';
const PROGRAMS_SUFFIX = ' not installed';
const NAMESPACES_PREFIX = 'no PID 1 namespaces (';
const LACKS_PREFIX = 'lacks ';

export function programsNote(missing: readonly string[]): string {
  return `${NOTE_PREFIX}${missing.join(', ')}${PROGRAMS_SUFFIX}`;
}

export function namespacesNote(reason: string): string {
  return `${NOTE_PREFIX}${NAMESPACES_PREFIX}${reason})`;
}

/** Anything else the machine lacks: `root`, `chattr +i on this filesystem`, … */
export function lacksNote(what: string): string {
  return `${NOTE_PREFIX}${LACKS_PREFIX}${what}`;
}

export type Missing = { programs: string[] } | { namespaces: string } | { lacks: string };

/** What a skip note says is missing, or null when the note is not one of ours. */
export function parseNote(note: string | undefined): Missing | null {
  if (!note?.startsWith(NOTE_PREFIX)) return null;
  const body = note.slice(NOTE_PREFIX.length);
  if (body.startsWith(NAMESPACES_PREFIX) && body.endsWith(')')) return { namespaces: body.slice(NAMESPACES_PREFIX.length, -1) };
  if (body.endsWith(PROGRAMS_SUFFIX)) return { programs: body.slice(0, -PROGRAMS_SUFFIX.length).split(', ') };
  if (body.startsWith(LACKS_PREFIX)) return { lacks: body.slice(LACKS_PREFIX.length) };
  return null;
}

/** The message a test fails with under EXECWRAP_REQUIRE_PID1=1 (or `variable`=1) instead of being skipped. */
export function requiredMessage(note: string, variable = REQUIRE_ENV): string {
  return `${variable}=1, so this test may not be skipped: ${note.slice(NOTE_PREFIX.length)}`;
}

export interface SkippedTest {
  /** Test file, relative to the repository. */
  file: string;
  /** Full name (describe blocks and test). */
  name: string;
  note: string;
}

/** `apt-get install …` for the programs, or null when none has a known package. */
export function installCommand(programs: readonly string[]): string | null {
  const packages = [...new Set(programs.map((p) => PACKAGES[p]).filter((p): p is string => p !== undefined))];
  return packages.length ? `apt-get install ${packages.join(' ')}` : null;
}

/**
 * The end-of-run notice: what was not verified (per test file, how many tests and what they lacked), the programs
 * missing and the command that installs them, and how to make the skips failures. '' when nothing was skipped.
 */
export function skipNotice(skipped: readonly SkippedTest[]): string {
  const ours = skipped.flatMap((s) => {
    const why = parseNote(s.note);
    return why ? [{ ...s, why }] : [];
  });
  if (ours.length === 0) return '';
  const programs = [...new Set(ours.flatMap((s) => ('programs' in s.why ? s.why.programs : [])))];
  const namespaces = [...new Set(ours.flatMap((s) => ('namespaces' in s.why ? [s.why.namespaces] : [])))];
  const lacks = [...new Set(ours.flatMap((s) => ('lacks' in s.why ? [s.why.lacks] : [])))];
  const byFile = new Map<string, { count: number; lacks: Set<string>; first: string }>();
  for (const s of ours) {
    const entry = byFile.get(s.file) ?? { count: 0, lacks: new Set<string>(), first: s.name };
    entry.count++;
    if ('programs' in s.why) for (const p of s.why.programs) entry.lacks.add(p);
    else if ('namespaces' in s.why) entry.lacks.add('PID 1 namespaces');
    else entry.lacks.add(s.why.lacks.replace(/ \(.*$/s, '')); // the details once, below
    byFile.set(s.file, entry);
  }
  const bar = '!'.repeat(100);
  const lines = [
    bar,
    `!! NOT VERIFIED on this machine: ${ours.length} test(s) were skipped because something they run is missing.`,
    ...[...byFile].sort(([a], [b]) => a.localeCompare(b)).map(
      ([file, e]) => `!!   ${file}: ${e.count} test(s) (lack ${[...e.lacks].join(', ')}), e.g. "${e.first}"`,
    ),
  ];
  if (programs.length) {
    lines.push(`!! Programs missing: ${programs.join(', ')}`);
    const install = installCommand(programs);
    if (install) lines.push(`!! Install them (Debian/Ubuntu, as root): ${install}`);
  }
  for (const reason of namespaces) {
    lines.push(`!! PID 1 namespaces unavailable: ${reason}`, '!! Run the tests as root on Linux with unshare and overlayfs (a container needs --privileged).');
  }
  if (lacks.length) lines.push(`!! Also not available here: ${lacks.join('; ')}`);
  lines.push(`!! ${REQUIRE_ENV}=1 (set in CI) turns these skips into failures${lacks.length ? `, except for what ${NOT_REQUIRED}` : ''}.`, bar);
  return lines.join('\n');
}
