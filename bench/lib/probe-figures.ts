// The per-thread figures of thread-probe.ts's rounds, as the thread benches report them: medians
// over the rounds, to two decimals.
import { median } from './processes.ts';

export const round2 = (n: number): number => Math.round(n * 100) / 100;
const med = (values: number[]): number => round2(median(values));

/** One thread-probe.ts run with requests (busyFilesPerThread: where the runtime has /proc/self/fd). */
export interface ThreadProbe {
  failedRequests: number;
  base: { rssMiB: number; maps: number };
  spawnToReadyMsPerThread: number;
  idleMiBPerThread: number;
  idleMapsPerThread: number;
  busyMiBPerThread: number;
  busyMapsPerThread: number;
  peakMiBPerThread: number;
}

/** One thread-probe.ts run of workers that load nothing. */
export interface EmptyProbe {
  spawnToReadyMsPerThread: number;
  idleMiBPerThread: number;
  idleMapsPerThread: number;
}

export function perThreadMedians(p: ThreadProbe[]) {
  return {
    failedRequests: p.reduce((sum, r) => sum + r.failedRequests, 0),
    idleMiB: med(p.map((r) => r.idleMiBPerThread)),
    busyMiB: med(p.map((r) => r.busyMiBPerThread)),
    peakMiB: med(p.map((r) => r.peakMiBPerThread)),
    idleMaps: med(p.map((r) => r.idleMapsPerThread)),
    busyMaps: med(p.map((r) => r.busyMapsPerThread)),
    spawnToReadyMs: med(p.map((r) => r.spawnToReadyMsPerThread)),
    baseMiB: med(p.map((r) => r.base.rssMiB)),
    baseMaps: med(p.map((r) => r.base.maps)),
  };
}

export function emptyWorkerMedians(e: EmptyProbe[]) {
  return {
    idleMiB: med(e.map((r) => r.idleMiBPerThread)),
    idleMaps: med(e.map((r) => r.idleMapsPerThread)),
    spawnToReadyMs: med(e.map((r) => r.spawnToReadyMsPerThread)),
  };
}
