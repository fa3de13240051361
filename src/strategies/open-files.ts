import { readFileSync } from 'node:fs';

/** This process's soft limit on open files (ulimit -n; Node raises it to the hard limit at start); undefined where unreadable or unlimited. */
export function openFileLimit(): number | undefined {
  try {
    const soft = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
