import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { hasStackTrace, runNode, SERVER_CLI, startServer, type Started } from '../helper.ts';

let server: Started;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.origin}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('GET /multiply answers {"result": 2N}, as the original API', async () => {
  assert.deepEqual(await get('/multiply?number=21'), { status: 200, body: { result: 42 } });
  assert.deepEqual(await get('/multiply?number=-7'), { status: 200, body: { result: -14 } });
  assert.deepEqual(await get('/multiply?number=0'), { status: 200, body: { result: 0 } });
  assert.deepEqual(await get('/multiply?number=4503599627370495'), { status: 200, body: { result: 9007199254740990 } });
});

test('bad numbers get 400 with a JSON body naming the problem', async () => {
  for (const [query, fragment] of [
    ['', "required property 'number'"],
    ['?number=abc', 'must be a decimal integer'],
    ['?number=1.5', 'must be a decimal integer'],
    ['?number=4503599627370496', 'must be <= 4503599627370495'],
    ['?number=-4503599627370496', 'must be >= -4503599627370495'],
    ['?number=1&number=2', 'must be given once'],
  ] as const) {
    const { status, body } = await get(`/multiply${query}`);
    assert.equal(status, 400, query);
    assert.match(String(body.message), new RegExp(fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), query);
  }
});

test('only a plain decimal integer is a number: every other spelling is a 400 naming the rule, never a 500', async () => {
  const digits400 = '9'.repeat(400);
  // As sent on the wire: %2B is '+', %20 a space ('+' itself decodes to a space).
  const spellings = [
    '1e400', '-1e400', 'Infinity', '-Infinity', '%2BInfinity', 'infinity', 'INFINITY', 'inf', '-inf', 'NaN', 'nan',
    '1e3', '1E3', '5e0', '-5e0', '1e-0', '%2B5', '+5', '%205', '5%20', '%09' + '5', '0x10', '0X10', '0b1', '0o7', '1_000',
    '1.0', '1.', '.5', '-', '--5', '-%2B5', '005', '-05', '00', '', '%00', '５',
  ];
  for (const spelling of spellings) {
    const { status, body } = await get(`/multiply?number=${spelling}`);
    assert.equal(status, 400, `number=${spelling}: ${JSON.stringify(body)}`);
    assert.equal(body.statusCode, 400, spelling);
    assert.equal(body.error, 'Bad Request', spelling);
    assert.match(String(body.message), /^querystring\/number must be a decimal integer: digits with an optional leading '-'/, spelling);
  }
  // Digits beyond the range are the range's problem, however many there are.
  for (const digits of [digits400, `-${digits400}`, '99999999999999999999']) {
    const { status, body } = await get(`/multiply?number=${digits}`);
    assert.equal(status, 400, digits.slice(0, 20));
    assert.match(String(body.message), /^querystring\/number must be [<>]= -?4503599627370495$/);
  }
  // -0 is the canonical spelling of zero with a sign: accepted, answered as 0.
  assert.deepEqual(await get('/multiply?number=-0'), { status: 200, body: { result: 0 } });
  assert.deepEqual(await get('/multiply?number=-4503599627370495'), { status: 200, body: { result: -9007199254740990 } });
});

test('unknown routes get a JSON 404; /health answers 200', async () => {
  const missing = await get('/nope');
  assert.equal(missing.status, 404);
  assert.match(String(missing.body.message), /GET \/nope not found/);
  assert.deepEqual(await get('/health'), { status: 200, body: { status: 'ok' } });
});

test('/stats counts answered multiply requests and accepted connections', async () => {
  const beforeStats = await server.stats();
  const socket = net.connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write('GET /multiply?number=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /multiply?number=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  socket.resume();
  await once(socket, 'close');
  await get('/multiply?number=abc'); // a 400 is not an answered multiply
  const afterStats = await server.stats();
  assert.equal(afterStats.requests - beforeStats.requests, 2);
  // At least our raw socket; fetch may reuse one keep-alive connection for the rest.
  assert.ok(afterStats.connections - beforeStats.connections >= 1);
});

test('SIGTERM with an idle keep-alive connection open: drains and exits 0', async () => {
  const own = await startServer();
  const socket = net.connect(own.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write('GET /multiply?number=5 HTTP/1.1\r\nHost: x\r\n\r\n');
  const [reply] = (await once(socket, 'data')) as [Buffer];
  assert.match(reply.toString(), /"result":10/);
  const finished = await own.stop();
  assert.equal(finished.signal, null);
  assert.equal(finished.code, 0);
  assert.match(finished.stderr, /SIGTERM received, drained/);
});

test('SIGTERM with a request in flight: it is answered, then the server exits 0', async () => {
  // --delay keeps the request in the handler long enough to signal mid-request.
  const own = await startServer(['--delay', '600']);
  const reply = fetch(`${own.origin}/multiply?number=8`).then(async (response) => ({ status: response.status, body: await response.json() }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  own.child.kill('SIGTERM');
  const finished = await own.stop();
  assert.deepEqual(await reply, { status: 200, body: { result: 16 } });
  assert.equal(finished.code, 0);
  // Drained by itself, not cut off by the drain timeout.
  assert.match(finished.stderr, /drained, exiting/);
  assert.doesNotMatch(finished.stderr, /still open/);
});

test('bad flags: clear message, exit 2, no stack trace', async () => {
  for (const [args, fragment] of [
    [['--port', '70000'], 'from 0 to 65535'],
    [['--port', 'abc'], 'from 0 to 65535'],
    [['--host', 'bad host!'], 'not an IP address or host name'],
    [['--log-level', 'loud'], 'Allowed choices'],
    [['--bogus'], "unknown option '--bogus'"],
  ] as const) {
    const result = await runNode([SERVER_CLI, ...args]);
    assert.equal(result.code, 2, args.join(' '));
    assert.ok(result.stderr.includes(fragment), `${args.join(' ')}: ${result.stderr}`);
    assert.equal(hasStackTrace(result.stderr), false);
  }
});

test('a port already in use: clear message, exit 1', async () => {
  const result = await runNode([SERVER_CLI, '--host', '127.0.0.1', '--port', String(server.port)]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  assert.equal(hasStackTrace(result.stderr), false);
});
