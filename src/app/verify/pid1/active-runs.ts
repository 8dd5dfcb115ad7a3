/** Runs in progress, so that none outlives this process. */
/** Host pids of runs in progress (unshare and the namespace's PID 1), killed if this process exits early. */
export const activeRuns = new Set<number>();
let exitHookInstalled = false;

/** SIGKILL every namespace still running (the kernel then kills all its processes). Synchronous: safe in an exit handler. */
export function killActiveRuns(): void {
  for (const pid of activeRuns) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  activeRuns.clear();
}

export function track(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killActiveRuns);
  }
  activeRuns.add(pid);
}
