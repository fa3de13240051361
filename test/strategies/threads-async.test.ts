// threads-async: one pool of W worker threads, each running many requests at once on its own
// event loop over its own undici Pool. All N are handed over at once (no barrier); at most C
// run at once in all, over at most --connections connections in all, split exactly.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { measuredRun, runClient, serverForTests, target, verifiedOutcome } from '../helper.ts';

const server = serverForTests();

test('threads-async -r 200 -c 20: 200/200 verified, one worker per core, more requests in flight than threads', async () => {
  const { outcome, requests } = await measuredRun(server, ['threads-async', '-r', '200', '-c', '20']);
  assert.equal(outcome.succeeded, 200);
  assert.equal(requests, 200, 'exactly N /multiply requests');
  assert.equal(outcome.threads, os.availableParallelism(), 'W defaults to the cores');
  assert.equal(outcome.pools, 1);
  assert.ok(outcome.maxConcurrency > outcome.threads, `in flight ${outcome.maxConcurrency} vs ${outcome.threads} threads`);
  assert.equal(outcome.maxConcurrency, 200, 'all N handed over at once');
  assert.equal(outcome.connections, 20);
  assert.ok(outcome.connectionsOpened <= 20, `opened ${outcome.connectionsOpened}`);
});

test('--workers sets W; the check reports the same threads', async () => {
  const outcome = await verifiedOutcome(['threads-async', '-r', '40', '-c', '12', '--workers', '3'], server.port);
  assert.equal(outcome.threads, 3);
  const check = await runClient(['check', 'threads-async', '-r', '40', '-c', '12', '--workers', '3', '--json']);
  assert.equal(check.code, 0, check.stderr);
  assert.equal((JSON.parse(check.stdout) as { threads: number }).threads, 3);
});

// A probe server that answers /multiply after a delay and records how many requests it held at once.
let probe: http.Server;
let port = 0;
let current = 0;
let most = 0;
let accepted = 0;
before(async () => {
  probe = http.createServer((request, response) => {
    current += 1;
    most = Math.max(most, current);
    const n = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('number'));
    setTimeout(() => {
      current -= 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ result: 2 * n }));
    }, 40);
  });
  probe.on('connection', () => (accepted += 1));
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  port = (probe.address() as AddressInfo).port;
});
after(() => {
  probe.closeAllConnections();
  probe.close();
});

async function probed(args: string[]): Promise<{ most: number; accepted: number }> {
  most = 0;
  accepted = 0;
  const ran = await runClient([...args, '--json'], target(port));
  assert.equal(ran.code, 0, ran.stderr);
  return { most, accepted };
}

test('C in flight in all, split exactly across the workers: never W * ceil(C / W)', async () => {
  // 3 workers, C = 10: shares 4, 3, 3 (ceil would allow 12).
  const seen = await probed(['threads-async', '-r', '90', '-c', '10', '--workers', '3', '--connections', '100']);
  assert.equal(seen.most, 10, `the server held ${seen.most} requests at once`);
  assert.ok(seen.accepted <= 10, `connections ${seen.accepted}`);
});

test('--connections caps the connections in all, split across the workers', async () => {
  const seen = await probed(['threads-async', '-r', '60', '-c', '20', '--workers', '2', '--connections', '5']);
  assert.ok(seen.accepted <= 5, `connections ${seen.accepted}`);
  assert.ok(seen.most <= 5, `at once ${seen.most}`);
});
