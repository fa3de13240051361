import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { track } from './children.js';

export interface Timing {
  mean: number;
  stddev: number;
  median: number;
  min: number;
  max: number;
  times: number[];
}

/** hyperfine -N splits the command line itself: quote what has spaces or quotes. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export async function hyperfineVersion(): Promise<string | undefined> {
  try {
    const child = spawn('hyperfine', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    const [code] = (await once(child, 'close')) as [number | null];
    return code === 0 ? out.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Times one command with hyperfine (no shell, as scripts/run.sh) and returns its
 * statistics; throws with hyperfine's own message when a run fails (e.g. a failed request).
 */
export async function timeCommand(args: {
  name: string;
  command: string[];
  runs: number;
  warmup: number;
  exportJson: string;
  env: NodeJS.ProcessEnv;
}): Promise<Timing> {
  // --show-output: the client's own "error: ..." line says why a run failed (hyperfine only says it did).
  const child = track(spawn(
    'hyperfine',
    ['-N', '--show-output', '--warmup', String(args.warmup), '--runs', String(args.runs), '--export-json', args.exportJson,
      '--command-name', args.name, args.command.map(quote).join(' ')],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...args.env } },
  ));
  let output = '';
  const keep = (c: string): void => {
    // Only the tail can hold the reason; the head is every run's summary.
    output = (output + c).slice(-64 * 1024);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) {
    const lines = output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const clientError = lines.filter((line) => line.startsWith('error: ')).pop();
    const hyperfineError = lines.filter((line) => line.startsWith('Error: ')).pop();
    throw new Error(clientError ?? hyperfineError ?? `hyperfine exited with ${code}`);
  }
  const exported = JSON.parse(await readFile(args.exportJson, 'utf8')) as { results: Timing[] };
  const result = exported.results[0];
  if (!result) throw new Error(`hyperfine wrote no result to ${args.exportJson}`);
  return result;
}
