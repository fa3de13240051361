// Ctrl-C during `benchmark report -o`, through the real CLI on a large input: whenever the signal
// lands, no temporary file is left and the report's files are all the old set or all the new one.
// And a reader finishes a set that a kill interrupted between its renames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_CLI, fixture, runClient } from '../helper.ts';

/** An export of `n` commands; `scale` sets their times, so two versions give two different report sets. */
function bigExport(n: number, scale: number): string {
  const results = Array.from({ length: n }, (_, i) => {
    const mean = scale * (1 + i / n);
    const times = [mean * 0.9, mean, mean * 1.1];
    return { command: `command-${i}`, mean, stddev: mean * 0.1, median: mean, min: times[0], max: times[2], times };
  });
  return JSON.stringify({ results });
}

async function readSet(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}

type Moment = { after: number } | { onFile: RegExp };

/** Starts `report -o`, sends SIGINT at the moment (a delay, or when a file matching appears in the folder), resolves with the exit. */
async function interrupted(args: string[], outDir: string, moment: Moment): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [CLIENT_CLI, 'report', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const interrupt = () => child.exitCode === null && child.kill('SIGINT');
  let watcher: ReturnType<typeof watch> | undefined;
  let timer: NodeJS.Timeout | undefined;
  if ('after' in moment) timer = setTimeout(interrupt, moment.after);
  else {
    watcher = watch(outDir, (_event, file) => {
      if (file && moment.onFile.test(file)) interrupt();
    });
  }
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  watcher?.close();
  return { code, signal, stderr };
}

test('Ctrl-C during report -o at any moment: no temporary file left, and the files are all the old set or all the new one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-interrupt-'));
  try {
    const input = join(dir, 'run.json');
    const [out, reference] = [join(dir, 'out'), join(dir, 'reference')];
    const args = [input, '--output', out, '--format', 'json'];
    // The old set, then (from the changed input) what the new set must be.
    await writeFile(input, bigExport(400, 1));
    const first = await runClient(['report', ...args]);
    assert.equal(first.code, 0, first.stderr);
    const oldSet = await readSet(out);
    await writeFile(input, bigExport(400, 2));
    const started = Date.now();
    const second = await runClient(['report', input, '--output', reference, '--format', 'json']);
    const fullRun = Date.now() - started;
    assert.equal(second.code, 0, second.stderr);
    const newSet = await readSet(reference);
    assert.deepEqual([...oldSet.keys()], ['run.report.json', 'run.report.md', 'run.svg']);
    assert.deepEqual([...newSet.keys()], [...oldSet.keys()]);
    assert.ok([...newSet].every(([name, text]) => text !== oldSet.get(name)), 'every file of the new set differs from the old one');

    // Moments: as the first temporary file appears, as the journal appears, and spread over a whole run.
    const moments: Moment[] = [{ onFile: /\.tmp$/ }, { onFile: /\.svg\.\d+\.\w+\.tmp$/ }, { onFile: /\.report\.json\.\d+\.\w+\.tmp$/ }, { onFile: /\.journal$/ }];
    for (let k = 0; k <= 8; k++) moments.push({ after: Math.round((fullRun * k) / 8) });
    const outcomes = { old: 0, new: 0 };
    for (const moment of moments) {
      await rm(out, { recursive: true, force: true });
      await mkdir(out);
      for (const [name, text] of oldSet) await writeFile(join(out, name), text);
      const done = await interrupted(args, out, moment);
      const what = JSON.stringify('after' in moment ? moment : String(moment.onFile));
      // 130: stopped; 0: it had finished; killed by SIGINT itself: the signal came before Node installed the handler or after it tore down.
      assert.ok(done.code === 130 || done.code === 0 || done.signal === 'SIGINT', `${what}: ${done.code} ${done.signal} ${done.stderr}`);
      assert.doesNotMatch(done.stderr, /\n\s+at /, `${what}: no stack trace`);
      const left = await readSet(out);
      assert.deepEqual([...left.keys()], [...oldSet.keys()], `${what}: the set's files and nothing else (no .tmp, no journal): ${[...left.keys()].join(', ')}`);
      const isOld = [...left].every(([name, text]) => text === oldSet.get(name));
      const isNew = [...left].every(([name, text]) => text === newSet.get(name));
      assert.ok(isOld || isNew, `${what}: all old or all new, never a mix`);
      outcomes[isOld ? 'old' : 'new']++;
    }
    // Both ends were reached: the moments span the run (not a duration claim: a property of where the signal fell).
    assert.ok(outcomes.old > 0, `some interruptions left the old set: ${JSON.stringify(outcomes)}`);
    assert.ok(outcomes.new > 0, `the last moments leave the new set: ${JSON.stringify(outcomes)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a reader finishes a set a kill interrupted between its renames (the journal), before reading the run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ntab-journal-'));
  try {
    // The state writeFileSet leaves when killed after its journal: temporaries, and the journal naming their places.
    const run = join(dir, 'run.json');
    await writeFile(run, '{"results": [{"command": "old", "mean": 1}]}');
    const temporary = join(dir, '.run.json.123.abc.tmp');
    await writeFile(temporary, await readFile(fixture('suite/aa-control.json'), 'utf8'));
    const outcomesTemporary = join(dir, '.run.outcomes.jsonl.123.abc.tmp');
    await writeFile(outcomesTemporary, await readFile(fixture('suite/aa-control.outcomes.jsonl'), 'utf8'));
    await writeFile(join(dir, 'run.json.journal'), JSON.stringify([[temporary, run], [outcomesTemporary, join(dir, 'run.outcomes.jsonl')]]));
    const done = await runClient(['report', run]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /^\| \*\*async-for\*\* \|/m, 'the new set was read, not the old export');
    assert.match(done.stdout, /From start p50/, 'with its outcomes');
    assert.deepEqual((await readdir(dir)).sort(), ['run.json', 'run.outcomes.jsonl'], 'renamed into place, the journal gone');
    // A journal cut short while it was written (a kill): no rename had begun; it is dropped, the old set stands.
    await writeFile(join(dir, 'run.json.journal'), '[["');
    const again = await runClient(['report', run]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((await readdir(dir)).sort(), ['run.json', 'run.outcomes.jsonl']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
