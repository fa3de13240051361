// A client's warm-up requests (--warm) carry a header; the server answers them as any other
// and counts them apart in /stats, so `requests` stays exactly the run's N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverForTests } from '../helper.ts';

const server = serverForTests();

async function multiply(n: number, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${server.origin}/multiply?number=${n}`, { headers });
  assert.equal(response.status, 200);
  return response.json();
}

test('a request with x-benchmark-warmup is answered alike and counted in warmupRequests, not requests', async () => {
  const before = await server.stats();
  assert.deepEqual(await multiply(21, { 'x-benchmark-warmup': '1' }), { result: 42 });
  assert.deepEqual(await multiply(22, { 'x-benchmark-warmup': '1' }), { result: 44 });
  assert.deepEqual(await multiply(5), { result: 10 });
  const after = await server.stats();
  assert.equal(after.warmupRequests - before.warmupRequests, 2);
  assert.equal(after.requests - before.requests, 1);
});

test('a warm-up request that fails validation counts nowhere', async () => {
  const before = await server.stats();
  const response = await fetch(`${server.origin}/multiply?number=1e3`, { headers: { 'x-benchmark-warmup': '1' } });
  assert.equal(response.status, 400);
  const after = await server.stats();
  assert.equal(after.warmupRequests, before.warmupRequests);
  assert.equal(after.requests, before.requests);
});
