// Client start-up: whole-process time of the client with no requests (the no-op
// reference) and with one request, against `node -e 0`, by hyperfine in one run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { capture, CLIENT_CLI } from './lib/processes.ts';

export interface StartupCost {
  nodeMs: number;
  noopMs: number;
  oneRequestMs: number;
  noopRatio: number;
  oneRequestRatio: number;
}

interface HyperfineExport {
  results: { command: string; mean: number; median: number }[];
}

export async function measureStartup(serverPort: number, runs = 30): Promise<StartupCost> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ntab-startup-'));
  const json = path.join(dir, 'startup.json');
  const node = process.execPath;
  try {
    await capture(
      'hyperfine',
      ['-N', '--warmup', '5', '--runs', String(runs), '--export-json', json,
        '--command-name', 'node -e 0', `${node} -e 0`,
        '--command-name', 'noop', `${node} ${CLIENT_CLI} noop`,
        '--command-name', 'async-for -r 1', `${node} ${CLIENT_CLI} async-for -r 1`],
      { BENCHMARK_SERVER_HOST: '127.0.0.1', BENCHMARK_SERVER_PORT: String(serverPort) },
    );
    const exported = JSON.parse(readFileSync(json, 'utf8')) as HyperfineExport;
    const ms = (name: string): number => 1000 * exported.results.find((r) => r.command === name)!.median;
    const nodeMs = ms('node -e 0');
    return { nodeMs, noopMs: ms('noop'), oneRequestMs: ms('async-for -r 1'), noopRatio: ms('noop') / nodeMs, oneRequestRatio: ms('async-for -r 1') / nodeMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
