import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { hasStackTrace, runNode, SERVER_CLI, serverForTests, startServer } from '../helper.ts';

const server = serverForTests();

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

/**
 * Sends `head` at once, then `trickled` one byte every 100 ms (or, `silent`, just waits as
 * long). Resolves when the server closes the connection, or once everything was sent and a
 * second has passed without a close.
 */
async function trickle(port: number, head: string, trickled: string, silent = false): Promise<{ closedBy: 'server' | 'nobody'; sent: number; reply: string }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {}); // a reset after the server's close is part of being cut off
  await once(socket, 'connect');
  socket.write(head);
  let reply = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
  let sent = 0;
  // Not events.once: it rejects on 'error', and a reset is the server closing too; 'close' follows every error.
  const closed = new Promise<'server'>((resolve) => socket.once('close', () => resolve('server')));
  const drip = setInterval(() => {
    if (sent >= trickled.length || socket.destroyed) return;
    if (!silent) socket.write(trickled[sent] as string);
    sent += 1;
  }, 100);
  let check: NodeJS.Timeout | undefined;
  let grace: NodeJS.Timeout | undefined;
  const allSent = new Promise<'nobody'>((resolve) => {
    check = setInterval(() => {
      if (sent < trickled.length) return;
      clearInterval(check);
      grace = setTimeout(() => resolve('nobody'), 1_000);
    }, 100);
  });
  try {
    return { closedBy: await Promise.race([closed, allSent]), sent, reply };
  } finally {
    // Whatever happened, no timer outlives the call: a live interval would keep the test file from exiting.
    for (const timer of [drip, check, grace]) clearTimeout(timer);
    socket.destroy();
  }
}

test('a request that arrives too slowly (body, headers, or nothing) is cut off with 408 after --request-timeout', async () => {
  const own = await startServer(['--request-timeout', '400']);
  try {
    const body = 'x'.repeat(40);
    const headers = `GET /multiply?number=3 HTTP/1.1\r\nHost: x\r\n${'X-Slow: yes\r\n'.repeat(4)}\r\n`;
    for (const [what, head, dripped] of [
      ['a trickled body', `POST /multiply?number=3 HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`, body],
      ['trickled headers', '', headers],
      ['a trickled body after a GET', `GET /multiply?number=3 HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`, body],
      ['a connection that sends nothing', '', ' '.repeat(40)],
    ] as const) {
      const { closedBy, sent, reply } = await trickle(own.port, head, dripped, what === 'a connection that sends nothing');
      assert.equal(closedBy, 'server', `${what}: the server never closed the connection (sent ${sent} of ${dripped.length} bytes); got ${reply}`);
      assert.ok(sent < dripped.length, `${what}: closed only after the request was complete`);
      assert.match(reply, /HTTP\/1\.1 408 Request Timeout/, what);
    }
  } finally {
    await own.stop();
  }
});

test('honest clients never meet the request timeout: slow handling and idle keep-alive do not count', async () => {
  // Generous against a loaded machine: the first request must still reach the server within 1 s of the accept.
  const own = await startServer(['--request-timeout', '1000', '--delay', '2500']);
  try {
    const socket = net.connect(own.port, '127.0.0.1');
    await once(socket, 'connect');
    let reply = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
    const closed = once(socket, 'close');
    const until = async (text: string): Promise<void> => {
      while (!reply.includes(text) && !socket.destroyed) await Promise.race([once(socket, 'data'), closed]);
    };
    // Handled for 2.5 s, longer than the timeout: answered.
    socket.write('GET /multiply?number=6 HTTP/1.1\r\nHost: x\r\n\r\n');
    await until('{"result":12}');
    assert.match(reply, /^HTTP\/1\.1 200 [\s\S]*\{"result":12\}$/);
    // Idle on keep-alive for longer than the timeout, then a second request on the same connection.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(socket.destroyed, false, 'the server closed an idle keep-alive connection');
    socket.write('GET /multiply?number=7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await closed;
    assert.match(reply, /\{"result":14\}$/);
    assert.doesNotMatch(reply, /408/);
  } finally {
    await own.stop();
  }
});

test('--help states the number syntax and the timeouts', async () => {
  const help = await runNode([SERVER_CLI, '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--request-timeout <ms>[\s\S]*\(default: 120000\)/);
  assert.match(help.stdout, /within --request-timeout \(120 s by default/);
  assert.match(help.stdout, /Idle keep-alive connections\s+close after 75 s/);
  assert.match(help.stdout, /plain decimal integer/);
});

test('--version prints the version in package.json', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const result = await runNode([SERVER_CLI, flag]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${version}\n`);
  }
});

test('bad flags: clear message, exit 2, no stack trace', async () => {
  for (const [args, fragment] of [
    [['--port', '70000'], 'from 0 to 65535'],
    [['--port', 'abc'], 'from 0 to 65535'],
    [['--host', 'bad host!'], 'not an IP address or host name'],
    [['--log-level', 'loud'], 'Allowed choices'],
    [['--request-timeout', '0'], '--request-timeout must be an integer from 100 to 3600000'],
    [['--request-timeout', '1e3'], '--request-timeout must be an integer from 100 to 3600000'],
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
