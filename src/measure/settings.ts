// How many warmups and runs each command gets; -w and -r mean what they mean to hyperfine. The
// original's -w 10 -r 10 suit runs of a second; a thread strategy's takes tens of seconds here, and
// ten warmups only warm the same caches again. So a command's first invocation is a probe: one that
// takes LONG_RUN_SECONDS or more gets no further warmup and the runs its budget fits (MIN_RUNS to -r);
// a shorter one keeps -w/-r. --exact (or --budget 0) runs exactly -w/-r.

/** From this long a run on, a command's probe is its only warmup and the budget sets its runs. */
export const LONG_RUN_SECONDS = 1;
/** The fewest measured runs a budget leaves a command: enough for a mean, a spread and a test. */
export const MIN_RUNS = 3;
/**
 * Seconds of measured runs per long command: the default suite (1000 queries, chunk 100) ends within
 * about 20 minutes on 2 cores, each long strategy costing its probe plus this (threads-recreate ~36 s
 * and threads-map ~45 s a run there), the short ones under a minute together.
 */
export const DEFAULT_BUDGET_SECONDS = 180;

/** What the user asked for: -w, -r and the budget (0: --exact). */
export interface SettingsRule { warmup: number; runs: number; budgetSeconds: number }

/** The settings a command was measured with: recorded in <name>.meta.json's `settings`. */
export interface CommandSettings {
  /** Warmup invocations in all (the probe among them, unless -w 0 made it the first run). */
  warmup: number;
  runs: number;
  reason: string;
  /** The probe's time (hyperfine's, whole process), seconds; absent with --exact. */
  probeSeconds?: number;
}

function seconds(value: number): string {
  return value >= 10 ? value.toFixed(1) : value.toPrecision(2);
}

/** The settings while nothing ran yet: -w/-r as given (with a budget, the probe decides later). */
export function givenSettings(rule: SettingsRule): CommandSettings {
  return { warmup: rule.warmup, runs: rule.runs, reason: `-w ${rule.warmup} -r ${rule.runs} as given` };
}

/** The settings once the probe (the first invocation) took `probeSeconds`. */
export function settingsAfterProbe(rule: SettingsRule, probeSeconds: number): CommandSettings {
  if (rule.budgetSeconds === 0) return givenSettings(rule);
  const probe = rule.warmup === 0 ? 'the probe, the first run' : 'the probe, a warmup';
  const took = `a run took ${seconds(probeSeconds)} s (${probe})`;
  if (probeSeconds < LONG_RUN_SECONDS) return { ...givenSettings(rule), reason: `${took}: -w ${rule.warmup} -r ${rule.runs} as given`, probeSeconds };
  const fit = Math.floor(rule.budgetSeconds / probeSeconds);
  const runs = Math.min(rule.runs, Math.max(MIN_RUNS, fit));
  let why: string;
  if (runs === rule.runs && fit >= rule.runs) why = `-r ${runs} runs, within the ${rule.budgetSeconds} s budget`;
  else if (runs === rule.runs) why = `-r ${rule.runs} runs (-r is below the minimum of ${MIN_RUNS}), although they take longer than the ${rule.budgetSeconds} s budget`;
  else if (fit < MIN_RUNS) why = `${runs} runs, the minimum, although they take longer than the ${rule.budgetSeconds} s budget`;
  else why = `${runs} runs fill the ${rule.budgetSeconds} s budget (at most -r ${rule.runs})`;
  return { warmup: Math.min(rule.warmup, 1), runs, reason: `${took}: no further warmup; ${why}`, probeSeconds };
}

/** Invocations in all (warmups first). */
export function invocations(settings: Pick<CommandSettings, 'warmup' | 'runs'>): number {
  return settings.warmup + settings.runs;
}

/** The rule in one sentence, printed at start. */
export function describeRule(rule: SettingsRule): string {
  if (rule.budgetSeconds === 0) return `every command: -w ${rule.warmup} -r ${rule.runs} (--exact)`;
  return (
    `each command's first invocation is a probe (${rule.warmup === 0 ? 'the first run' : 'the first warmup'}); one that takes ${LONG_RUN_SECONDS} s or more gets no further warmup ` +
    `and as many runs as fit ${rule.budgetSeconds} s (at least ${MIN_RUNS}, at most -r ${rule.runs}); shorter ones get ` +
    `-w ${rule.warmup} -r ${rule.runs}. --exact runs -w/-r for every command`
  );
}
