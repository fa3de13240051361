import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
let hooked = false;

/**
 * Remembers a child (server, proxy, hyperfine) until it exits, and makes sure none
 * outlives the sweep: on any exit of this process, Ctrl-C and SIGTERM included,
 * every remembered child is sent SIGTERM.
 */
export function track<T extends ChildProcess>(child: T): T {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    });
    process.once('SIGINT', () => process.exit(130));
    process.once('SIGTERM', () => process.exit(143));
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
