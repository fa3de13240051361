// The containers and EC2 name the server by host name, not by IP: a worker then resolves
// the name before it connects. With the default worker options every thread strategy must
// still complete (a code range too small for V8's short builtin calls once made such a
// worker abort the whole process; loopback-by-IP runs never noticed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runClient, serverForTests } from '../helper.ts';
import { STRATEGIES } from '../../src/strategies/registry.ts';

const server = serverForTests();

for (const { name: strategy } of STRATEGIES.filter((entry) => entry.kind === 'thread')) {
  test(`${strategy} reaches a server named localhost with the default worker options`, async () => {
    const ran = await runClient([strategy, '-r', '6', '-c', '3', '--json'], {
      BENCHMARK_SERVER_HOST: 'localhost',
      BENCHMARK_SERVER_PORT: String(server.port),
    });
    assert.equal(ran.signal, null, ran.stderr);
    assert.equal(ran.code, 0, ran.stderr);
    const outcome = JSON.parse(ran.stdout) as { succeeded: number; requests: number };
    assert.equal(outcome.succeeded, 6);
  });
}
