// The one place that starts and knows this process's children (servers, proxies, hyperfine), so none
// outlives it: on Ctrl-C or SIGTERM they are stopped and waited for, the work registered with onStop
// runs (the suite writes what it measured), and this process exits 130/143/129 as a shell reports a
// signal; on any other exit they get SIGTERM. With util-linux's setpriv each also gets a parent-death
// signal, so even a SIGKILL of this process takes them with it.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

interface Tracked {
  child: ChildProcess;
  /** Started with `detached: true`: stop its whole process group (e.g. hyperfine and the command it times). */
  group: boolean;
  closed: Promise<Exit>;
}

const running = new Set<Tracked>();
/** Work to finish after the children stopped and before exiting, e.g. writing the results so far. */
const finishers = new Set<(signal: NodeJS.Signals) => Promise<void>>();
let hooked = false;
let stopping = false;
/** How long a child gets to stop after SIGTERM before SIGKILL. */
const GRACE_MS = 5_000;
/** How long the finishing work may take: `docker stop` sends SIGKILL 10 s after SIGTERM. */
const FINISH_MS = 4_000;

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

async function finish(name: NodeJS.Signals): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, FINISH_MS)));
  await Promise.race([Promise.allSettled([...finishers].map((task) => task(name))), late]);
  clearTimeout(timer);
}

/** Handles Ctrl-C, SIGTERM and SIGHUP from now on (tracking a child does too); a container's PID 1 ignores signals it has no handler for. */
export function handleSignals(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const tracked of running) signal(tracked, 'SIGTERM');
  });
  const onSignal = (name: NodeJS.Signals, exitCode: number) => {
    // A second Ctrl-C while stopping must not cut the clean-up short.
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([...running].map((tracked) => stopTracked(tracked)))
      .then(() => finish(name))
      .then(() => process.exit(exitCode));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('SIGHUP', () => onSignal('SIGHUP', 129));
}

/** Registers work to run when a signal stops this process (children stopped, before the exit, bounded in time); returns its unregistering. */
export function onStop(task: (signal: NodeJS.Signals) => Promise<void>): () => void {
  handleSignals();
  finishers.add(task);
  return () => finishers.delete(task);
}

let setpriv: boolean | undefined;

/** The argument vector that starts `argv` with `signal` sent to it when this process dies (setpriv --pdeathsig), where setpriv can. */
function withDeathSignal(argv: readonly string[], signal: 'TERM' | 'KILL'): string[] {
  setpriv ??= spawnSync('setpriv', ['--pdeathsig', 'TERM', '--', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  return setpriv ? ['setpriv', '--pdeathsig', signal, '--', ...argv] : [...argv];
}

/** Starts `command args` as a tracked child sent `deathSignal` when this process dies, however it dies; `detached`: its group is signalled whole. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions, deathSignal: 'TERM' | 'KILL' = 'TERM') {
  const [bin, ...rest] = withDeathSignal([command, ...args], deathSignal);
  const child = spawn(bin as string, rest, options);
  handleSignals();
  // 'close' comes after the output is read, also when the spawn itself failed.
  const closed = new Promise<Exit>((resolve) => child.once('close', (code, signalName) => resolve({ code, signal: signalName })));
  const tracked: Tracked = { child, group: options.detached === true, closed };
  running.add(tracked);
  void closed.then(() => running.delete(tracked));
  // Started while stopping (the signal came between two steps): it must not outlive the stop.
  if (stopping) void stopTracked(tracked);
  // closed: how the child ended, once its output is read; stop: SIGTERM, then SIGKILL after a grace period.
  return { child, closed, stop: () => stopTracked(tracked) };
}
