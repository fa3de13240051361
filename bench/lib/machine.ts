// Whether other work shared the machine while a bench measured: the load averages at start and
// end, and the CPU other processes used meanwhile (Linux; null elsewhere), as the suite records them.
import { dist } from './dist.ts';

const { loadAverageNow, cpuSnapshot, otherCpuSince } = await dist<typeof import('../../src/environment/cpu.ts')>('environment/cpu.js');

export { loadAverageNow };

/** Call when measuring starts; `end()` when it ends (the load then counts the bench's own work too). */
export function watchMachine() {
  const loadAtStart = loadAverageNow();
  const cpuAtStart = cpuSnapshot();
  return { loadAtStart, end: () => ({ loadAtEnd: loadAverageNow(), otherCpu: cpuAtStart ? otherCpuSince(cpuAtStart) : null }) };
}
