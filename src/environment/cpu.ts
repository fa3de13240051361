// Was the machine busy with other work while a run measured? Not the load average: a thread strategy
// raises it by itself (threads-map ends far above the core count on an idle machine). CPU accounting:
// the machine's busy time (/proc/stat) less that of this process and all it started (reaped children
// and live descendants included), over the run. Linux only; null elsewhere.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { readTextOrNull } from '../common/read-text.js';

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux unless `getconf` says otherwise). */
let ticksPerSecond: number | undefined;
function hertz(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 });
    const value = Number(out.stdout?.trim());
    ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return ticksPerSecond;
}

/** user + nice + system of all CPUs: irq and softirq hold this run's own loopback traffic too, and steal is the hypervisor's. */
function machineBusyTicks(): number | null {
  const [label, user, nice, system] = (readTextOrNull('/proc/stat')?.split('\n')[0] ?? '').trim().split(/\s+/);
  if (label !== 'cpu') return null;
  const ticks = [user, nice, system].map(Number);
  return ticks.every(Number.isFinite) ? ticks.reduce((a, b) => a + b, 0) : null;
}

interface ProcessTicks {
  ppid: number;
  /** utime + stime + cutime + cstime: its own threads and its reaped children's. */
  ticks: number;
}

function processTicks(pid: number | 'self'): ProcessTicks | null {
  const stat = readTextOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null; // gone meanwhile
  // Fields after the command name (which may hold spaces and parentheses): field 3 onward.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (field: number) => Number(fields[field - 3]);
  return { ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17) };
}

/** This process and its live descendants: their CPU ticks, reaped children included. */
function ownTicks(): number | null {
  const self = processTicks('self');
  if (!self) return null;
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = processTicks(Number(name));
    if (!info) continue;
    ticks.set(Number(name), info.ticks);
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(name)]);
  }
  let total = self.ticks;
  const queue = [...(children.get(process.pid) ?? [])];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** 1, 5 and 15 minute load averages, two decimals. */
export function loadAverageNow(): number[] {
  return os.loadavg().map((load) => Math.round(load * 100) / 100);
}

export interface CpuSnapshot { machineBusyTicks: number; ownTicks: number; atMs: number }

export function cpuSnapshot(): CpuSnapshot | null {
  if (process.platform !== 'linux') return null;
  const machine = machineBusyTicks();
  const own = ownTicks();
  return machine === null || own === null ? null : { machineBusyTicks: machine, ownTicks: own, atMs: performance.now() };
}

/** The CPU time others used during a run, as the record keeps it. */
export interface OtherCpu {
  wallSeconds: number;
  /** user + nice + system of the whole machine. */
  machineBusySeconds: number;
  /** This run's processes: the runner, hyperfine, the clients, its own server and proxies. */
  ownSeconds: number;
  /** The rest: other processes (and a server this run did not start, e.g. another container). */
  otherSeconds: number;
  /** otherSeconds / wallSeconds: how many cores' worth others used on average. */
  otherCores: number;
}

export function otherCpuSince(start: CpuSnapshot): OtherCpu | null {
  const end = cpuSnapshot();
  if (!end) return null;
  const hz = hertz();
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const wallSeconds = (end.atMs - start.atMs) / 1000;
  const machineBusySeconds = (end.machineBusyTicks - start.machineBusyTicks) / hz;
  const ownSeconds = (end.ownTicks - start.ownTicks) / hz;
  // Ticks are sampled, so a quiet machine can come out a tick or two below zero.
  const otherSeconds = Math.max(0, machineBusySeconds - ownSeconds);
  return {
    wallSeconds: round(wallSeconds),
    machineBusySeconds: round(machineBusySeconds),
    ownSeconds: round(ownSeconds),
    otherSeconds: round(otherSeconds),
    otherCores: wallSeconds > 0 ? round(otherSeconds / wallSeconds) : 0,
  };
}

/** Others using more cores than this on average make a run noisy; an idle VM's background (kernel threads, Docker) stays well below. */
export const BUSY_OTHER_CORES = 0.1;
