/** The images of the Docker end-to-end suite (test/e2e/images/<dir>) and what each must show. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface E2eCase {
  dir: string;
  title: string;
  /** The stand-ins the image runs (their names in `docker logs`). */
  programs: string[];
  /**
   * How the original stops: `sigkill` (PID 1 drops TERM; the engine SIGKILLs at the end of the grace),
   * `init-kills-programs` (an init passes TERM to the shell only; the programs die with the container unwarned),
   * `exec-stops` (the program is PID 1 after `exec` and stops by itself).
   */
  original: 'sigkill' | 'init-kills-programs' | 'exec-stops';
  originalExpectation: string;
  /** The fixed container's exit status after the stop: the main program's (an `exec`'d one), else 128+15. */
  fixedStopExit: { status: number; why: string };
  /** Both versions run their programs as this user. */
  user?: string;
  /** Seconds between the start and the stop (default 2). */
  stopUpAfter?: number;
  stopBuildArgs?: string[];
  /** A run that is not stopped (for --up-after seconds): the fixed image must end when the original does. */
  lifetime?: { title: string; buildArgs: string[]; upAfter: number; expect: 'running' | { exitCode: number; afterMs: number } };
}

const SIGKILLED = 'PID 1 drops SIGTERM: SIGKILLed at the end of the grace (exit 137), no program got a signal';
const MAIN_STATUS = { status: 0, why: "the main program's own status" };
const TERM_STATUS = { status: 143, why: 'no main program: 128 + SIGTERM' };

export const E2E_CASES: E2eCase[] = [
  { dir: 'one-program-no-exec', title: 'one program without exec', programs: ['web'], original: 'sigkill', originalExpectation: SIGKILLED, fixedStopExit: MAIN_STATUS },
  { dir: 'shell-form-cmd', title: 'shell-form CMD', programs: ['web'], original: 'sigkill', originalExpectation: SIGKILLED, fixedStopExit: MAIN_STATUS },
  {
    dir: 'several-programs-wait',
    title: 'several programs and wait',
    programs: ['web', 'worker'],
    original: 'sigkill',
    originalExpectation: SIGKILLED,
    fixedStopExit: TERM_STATUS,
    lifetime: { title: 'worker ends by itself after 1 s, web runs on: the container keeps running', buildArgs: ['WORKER_EXIT_AFTER=1'], upAfter: 3, expect: 'running' },
  },
  { dir: 'keep-alive', title: 'a keep-alive (tail -f /dev/null)', programs: ['web', 'worker'], original: 'sigkill', originalExpectation: SIGKILLED, fixedStopExit: TERM_STATUS },
  {
    dir: 'one-shot-helper',
    title: 'a one-shot helper before exec',
    programs: ['web'],
    original: 'exec-stops',
    originalExpectation: 'web is PID 1 after exec and stops by itself; the helper ended after 1 s and the container ran on',
    fixedStopExit: MAIN_STATUS,
    stopUpAfter: 3,
  },
  {
    dir: 'wait-n-crash',
    title: 'wait -n, then a crash',
    programs: ['web', 'worker'],
    original: 'sigkill',
    originalExpectation: SIGKILLED,
    stopBuildArgs: ['WORKER_EXIT_AFTER='],
    fixedStopExit: TERM_STATUS,
    lifetime: { title: 'worker crashes after 2 s with status 3: the container ends then, with status 3', buildArgs: [], upAfter: 4, expect: { exitCode: 3, afterMs: 2000 } },
  },
  {
    dir: 'behind-init',
    title: 'behind the init the Dockerfile already has (tini)',
    programs: ['web', 'worker'],
    original: 'init-kills-programs',
    originalExpectation: 'tini passes TERM to the shell only: it stops at once (143) and the programs are killed unwarned',
    fixedStopExit: TERM_STATUS,
  },
  { dir: 'user-image', title: 'a USER image', programs: ['web', 'worker'], original: 'sigkill', originalExpectation: SIGKILLED, fixedStopExit: TERM_STATUS, user: 'app' },
];

export interface E2eRunSummary {
  stopMs: number | null;
  exitCode: number | null;
  killed: boolean;
  endedAfterMs: number | null;
  programsGotSignal: boolean;
}

export interface E2eResult {
  dir: string;
  title: string;
  original: E2eRunSummary | null;
  fixed: E2eRunSummary | null;
  lifetime?: { title: string; upAfterSeconds: number; original: E2eRunSummary | null; fixed: E2eRunSummary | null };
}

/** Where the suite writes its measurements and `npm run e2e:table` reads them. */
export function resultsFile(): string {
  return process.env.EXECWRAP_E2E_RESULTS ?? join(tmpdir(), 'execwrap-e2e-results.json');
}
