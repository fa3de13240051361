// A response larger than any honest answer fails its request with the reason, checked while
// the body streams in: the client stops reading instead of taking in hundreds of megabytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { hasStackTrace, runClient, target } from '../helper.ts';

const CHUNK = Buffer.alloc(64 * 1024, 0x20);
/** What a server would send if nobody stopped reading: 300 MB. */
const HUGE = 300 * 1024 * 1024;

/** A /multiply that answers a 300 MB body (announced, or chunked with no length), and counts what it could write. */
async function hugeServer(announced: boolean) {
  let written = 0;
  let closedEarly = 0;
  const server = http.createServer((request, response) => {
    response.writeHead(200, announced ? { 'content-length': HUGE } : {});
    let sent = 0;
    const pump = (): void => {
      while (sent < HUGE) {
        sent += CHUNK.length;
        written += CHUNK.length;
        if (!response.write(CHUNK)) return void response.once('drain', pump);
      }
      response.end();
    };
    response.on('close', () => {
      if (sent < HUGE) closedEarly += 1;
    });
    pump();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, written: () => written, closedEarly: () => closedEarly };
}

for (const announced of [true, false]) {
  for (const strategy of ['async-for', 'threads-reuse']) {
    test(`${strategy} against a ${announced ? 'Content-Length: 300 MB' : 'chunked 300 MB'} answer: each request fails as too large, exit 1`, async () => {
      const huge = await hugeServer(announced);
      try {
        const result = await runClient([strategy, '-r', '4', '-c', '2', '--json'], target(huge.port));
        assert.equal(result.code, 1, result.stderr);
        const outcome = JSON.parse(result.stdout) as { failed: number; errors: Record<string, number> };
        assert.equal(outcome.failed, 4);
        assert.deepEqual(outcome.errors, { 'response larger than 1024 bytes': 4 });
        assert.match(result.stderr, /4 of 4 requests to .* failed: response larger than 1024 bytes \(4\)/);
        assert.equal(hasStackTrace(result.stderr), false);
        // The client hung up early: the server could push only what the socket buffers took.
        assert.ok(huge.written() < 4 * HUGE / 10, `the server wrote ${huge.written()} bytes for 4 requests`);
      } finally {
        huge.server.closeAllConnections();
        huge.server.close();
      }
    });
  }
}
