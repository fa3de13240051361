// The one place that knows which child processes (servers, proxies, hyperfine) this
// process started, so that none outlives it: on Ctrl-C or SIGTERM they are stopped and
// waited for before this process exits (130/143/129, as a shell reports a signal); on
// any other exit they are sent SIGTERM.
import type { ChildProcess } from 'node:child_process';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Tracked {
  child: ChildProcess;
  /** Started with `detached: true`: stop its whole process group (e.g. hyperfine and the command it times). */
  group: boolean;
  closed: Promise<Exit>;
}

const running = new Set<Tracked>();
let hooked = false;
let stopping = false;
/** How long a child gets to stop after SIGTERM before SIGKILL. */
const GRACE_MS = 5_000;

function signal(tracked: Tracked, name: NodeJS.Signals): void {
  const { child } = tracked;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (tracked.group) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    // Gone meanwhile.
  }
}

/** SIGTERM, then SIGKILL after the grace period; resolves when the child has exited. */
async function stopTracked(tracked: Tracked, graceMs = GRACE_MS): Promise<Exit> {
  signal(tracked, 'SIGTERM');
  const timer = setTimeout(() => signal(tracked, 'SIGKILL'), graceMs);
  try {
    return await tracked.closed;
  } finally {
    clearTimeout(timer);
  }
}

/** True once Ctrl-C or SIGTERM arrived: the work in progress should not go on. */
export function isStopping(): boolean {
  return stopping;
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const tracked of running) signal(tracked, 'SIGTERM');
  });
  const onSignal = (exitCode: number) => {
    // A second Ctrl-C while stopping must not cut the clean-up short.
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([...running].map((tracked) => stopTracked(tracked))).then(() => process.exit(exitCode));
  };
  process.on('SIGINT', () => onSignal(130));
  process.on('SIGTERM', () => onSignal(143));
  process.on('SIGHUP', () => onSignal(129));
}

export interface TrackedChild {
  /** Resolves with how the child ended, once its output is read. */
  closed: Promise<Exit>;
  /** SIGTERM, then SIGKILL after a grace period; resolves as `closed`. */
  stop(): Promise<Exit>;
}

/**
 * Remembers a child until it exits. `group`: the child was spawned detached (its own
 * process group), and the whole group is signalled.
 */
export function track(child: ChildProcess, options: { group?: boolean } = {}): TrackedChild {
  hook();
  // 'close' comes after the output is read, also when the spawn itself failed.
  const closed = new Promise<Exit>((resolve) => child.once('close', (code, signalName) => resolve({ code, signal: signalName })));
  const tracked: Tracked = { child, group: options.group === true, closed };
  running.add(tracked);
  void closed.then(() => running.delete(tracked));
  return { closed, stop: () => stopTracked(tracked) };
}
