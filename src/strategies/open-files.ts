import { readTextOrNull } from '../common/read-text.js';

/** This process's soft limit on open files (ulimit -n; Node raises it to the hard limit at start); undefined where unreadable or unlimited. */
export function openFileLimit(): number | undefined {
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(readTextOrNull('/proc/self/limits') ?? '')?.[1];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}
