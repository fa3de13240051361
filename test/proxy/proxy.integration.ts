import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { PROXY_CLI, runStrategy, runNode, serverStats, startListening, startServer, type Started } from '../helper.ts';

const RTT_MS = 30;

/** Resident memory of a process from /proc (Linux); null where there is none. */
function proxyRssBytes(pid: number): number | null {
  try {
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

function startProxy(targetPort: number, rttMs: number): Promise<Started> {
  return startListening(PROXY_CLI, ['--listen', '127.0.0.1:0', '--target', `127.0.0.1:${targetPort}`, '--rtt', String(rttMs)]);
}

/** Opens a raw TCP connection, sends one HTTP request, and reports when the first byte of the answer came back. */
async function timedRequest(port: number, path: string): Promise<{ ms: number; text: string }> {
  const start = performance.now();
  const socket = connect({ host: '127.0.0.1', port });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  let firstByteMs = -1;
  let text = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => {
    if (firstByteMs < 0) firstByteMs = performance.now() - start;
    text += chunk;
  });
  await once(socket, 'close');
  return { ms: firstByteMs, text };
}

describe('latency proxy in front of the benchmark server', () => {
  let server: Started;
  let proxy: Started;
  before(async () => {
    server = await startServer();
    proxy = await startProxy(server.port, RTT_MS);
  });
  after(async () => {
    await proxy.stop();
    await server.stop();
  });

  test('every request pays at least one RTT and none is lost', async () => {
    const before = await serverStats(server.port);
    for (const [strategy, chunk] of [
      ['async-limit', '8'],
      ['threads-reuse', '4'],
    ] as const) {
      const ran = await runStrategy(strategy, proxy.port, ['-r', '64', '-c', chunk]);
      assert.equal(ran.code, 0, ran.stderr);
      const outcome = ran.outcome!;
      assert.equal(outcome.succeeded, 64);
      assert.ok(outcome.latencyMs.p50 >= RTT_MS, `${strategy} p50 ${outcome.latencyMs.p50} ms < RTT ${RTT_MS} ms`);
    }
    // The server answered exactly what the clients sent through the proxy (/stats itself is not counted).
    assert.equal((await serverStats(server.port)).requests - before.requests, 128);
  });

  test('a new connection pays the handshake too: two RTTs to the first byte', async () => {
    const { ms, text } = await timedRequest(proxy.port, '/multiply?number=4');
    assert.match(text, /^HTTP\/1\.1 200/);
    assert.match(text, /\{"result":8\}/);
    assert.ok(ms >= 2 * RTT_MS, `first byte after ${ms} ms < 2 RTT`);
  });
});

describe('latency proxy byte stream', () => {
  let echo: Server;
  let echoPort: number;
  before(async () => {
    // Echoes everything, and half-closes when the client has.
    echo = createServer({ allowHalfOpen: true }, (socket) => {
      socket.pipe(socket);
    });
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    echoPort = (echo.address() as AddressInfo).port;
  });
  after(() => {
    echo.close();
  });

  test('forwards megabytes in order, both ways, with half-close', async () => {
    const proxy = await startProxy(echoPort, 4);
    try {
      const payload = randomBytes(8 * 1024 * 1024);
      const socket = connect({ host: '127.0.0.1', port: proxy.port, allowHalfOpen: true });
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      // Written in pieces, as a real sender would, then half-closed.
      for (let i = 0; i < payload.length; i += 64 * 1024) socket.write(payload.subarray(i, i + 64 * 1024));
      socket.end();
      await once(socket, 'end');
      const echoed = Buffer.concat(received);
      assert.equal(echoed.length, payload.length);
      assert.equal(createHash('sha256').update(echoed).digest('hex'), createHash('sha256').update(payload).digest('hex'));
    } finally {
      assert.equal((await proxy.stop()).code, 0);
    }
    assert.match(proxy.stderr(), /1 connections \(0 with errors\), 8388608 bytes to target, 8388608 bytes back/);
  });

  test('a client that stops reading pauses the target: the proxy holds megabytes, not everything', async () => {
    const TOTAL = 96 * 1024 * 1024;
    const piece = randomBytes(64 * 1024);
    // A target that sends TOTAL bytes as fast as the connection takes them (it honours write()'s back-pressure).
    let sent = 0;
    const source = createServer((socket) => {
      socket.on('error', () => {});
      const pump = (): void => {
        while (sent < TOTAL) {
          sent += piece.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
        socket.end();
      };
      pump();
    });
    source.listen(0, '127.0.0.1');
    await once(source, 'listening');
    const proxy = await startProxy((source.address() as AddressInfo).port, 2);
    let socket: Socket | undefined;
    try {
      socket = connect({ host: '127.0.0.1', port: proxy.port });
      socket.pause(); // connected, reading nothing
      // Wait until the target can send no more (no progress for a second), or until it sent everything.
      let last = -1;
      while (sent < TOTAL && sent !== last) {
        last = sent;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      // The proxy's own hold is 4 MiB; the kernel's socket buffers on both sides add some more.
      assert.ok(sent < TOTAL / 3, `the target sent ${sent} of ${TOTAL} bytes to a client that reads nothing`);
      const rss = proxyRssBytes(proxy.child.pid as number);
      if (rss !== null) assert.ok(rss < 160 * 1024 * 1024, `proxy RSS ${rss} bytes`);
      // Reading again releases the target: every byte arrives.
      let received = 0;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.resume();
      await once(socket, 'end');
      assert.equal(received, TOTAL);
    } finally {
      // Whatever happened, nothing may keep this test process alive.
      socket?.destroy();
      source.close();
      assert.equal((await proxy.stop()).code, 0);
    }
  });

  test('a client writing before the target is up is paused: the proxy holds megabytes, not everything', async () => {
    // RTT 20 s: the target is dialled only after 10 s, long after this test has looked.
    let dialled = 0;
    const target = createServer((socket) => {
      dialled += 1;
      socket.resume();
    });
    target.listen(0, '127.0.0.1');
    await once(target, 'listening');
    const proxy = await startProxy((target.address() as AddressInfo).port, 20_000);
    const before = proxyRssBytes(proxy.child.pid as number);
    const socket = connect({ host: '127.0.0.1', port: proxy.port });
    socket.on('error', () => {});
    try {
      await once(socket, 'connect');
      // Writes up to 1 GiB as fast as the connection takes it (honouring write()'s back-pressure).
      const TOTAL = 1024 * 1024 * 1024;
      const piece = randomBytes(1024 * 1024);
      let written = 0;
      const pump = (): void => {
        while (written < TOTAL && !socket.destroyed) {
          written += piece.length;
          if (!socket.write(piece)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
      // Until the proxy takes no more (no progress for a second), or took everything.
      const taken = (): number => socket.bytesWritten - socket.writableLength;
      let last = -1;
      while (taken() < TOTAL && taken() !== last) {
        last = taken();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      assert.equal(dialled, 0, 'the target was dialled before the test looked: it no longer tests the early phase');
      // The proxy's own hold is 4 MiB; the kernel's socket buffers on both sides add some more.
      assert.ok(taken() < 64 * 1024 * 1024, `the proxy took ${taken()} bytes before its target was up`);
      const rss = proxyRssBytes(proxy.child.pid as number);
      if (rss !== null && before !== null) {
        assert.ok(rss - before < 96 * 1024 * 1024, `proxy RSS grew by ${rss - before} bytes`);
      }
    } finally {
      socket.destroy();
      target.close();
      assert.equal((await proxy.stop()).code, 0);
    }
  });

  test('bytes held while the target was not yet up all arrive, in order, after the pause', async () => {
    const proxy = await startProxy(echoPort, 400);
    try {
      const payload = randomBytes(48 * 1024 * 1024);
      const socket = connect({ host: '127.0.0.1', port: proxy.port, allowHalfOpen: true });
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      // All of it at once: most of it arrives before the target is dialled (200 ms after accept).
      socket.write(payload);
      socket.end();
      await once(socket, 'end');
      const echoed = Buffer.concat(received);
      assert.equal(echoed.length, payload.length);
      assert.ok(echoed.equals(payload), 'the echoed bytes differ from those sent');
    } finally {
      assert.equal((await proxy.stop()).code, 0);
    }
    assert.match(proxy.stderr(), /1 connections \(0 with errors\), 50331648 bytes to target, 50331648 bytes back/);
  });

  test('a refused target resets the client and the proxy keeps running', async () => {
    // A port that was free a moment ago: nothing listens there.
    const spare = createServer();
    spare.listen(0, '127.0.0.1');
    await once(spare, 'listening');
    const deadPort = (spare.address() as AddressInfo).port;
    spare.close();
    const proxy = await startProxy(deadPort, 2);
    try {
      for (let i = 0; i < 2; i++) {
        const socket = connect({ host: '127.0.0.1', port: proxy.port });
        socket.on('error', () => {});
        socket.write('hello');
        await once(socket, 'close');
      }
      assert.equal(proxy.child.exitCode, null);
    } finally {
      assert.equal((await proxy.stop()).code, 0);
    }
    assert.match(proxy.stderr(), /2 connections \(2 with errors\)/);
  });

  test('a SIGTERM sent the moment it announces itself stops it cleanly (exit 0, counters printed)', async () => {
    // The handlers must be in place before the announcement: without them the signal kills it.
    for (let i = 0; i < 10; i++) {
      const child = spawn(process.execPath, [PROXY_CLI, '--listen', '127.0.0.1:0', '--target', `127.0.0.1:${echoPort}`, '--rtt', '5']);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      child.stdout.once('data', () => child.kill('SIGTERM'));
      const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, `attempt ${i + 1}`);
      assert.match(stderr, /latency-proxy: SIGTERM: 0 connections/);
    }
  });

  test('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const ran = await runNode([PROXY_CLI, '--version']);
    assert.equal(ran.code, 0);
    assert.equal(ran.stdout, `${version}\n`);
  });

  test('bad arguments are usage errors without a stack trace', async () => {
    for (const args of [['--rtt', '-3', '--target', '127.0.0.1:80'], ['--rtt', '5', '--target', 'nohost'], ['--rtt', '5']]) {
      const ran = await runNode([PROXY_CLI, ...args]);
      assert.equal(ran.code, 2, args.join(' '));
      assert.match(ran.stderr, /^error: /);
      assert.doesNotMatch(ran.stderr, /\n\s+at /);
    }
  });

  test('a target host that is neither a host name nor an IP address is a usage error', async () => {
    for (const [flag, value] of [
      ['--target', 'evil host!:80'],
      ['--target', 'http://x:80'],
      ['--target', '999.1.1.1:80'],
      ['--listen', 'a_b-!:0'],
    ] as const) {
      const args = flag === '--target' ? ['--rtt', '5', '--target', value] : ['--rtt', '5', '--target', '127.0.0.1:80', '--listen', value];
      const ran = await runNode([PROXY_CLI, ...args]);
      assert.equal(ran.code, 2, `${flag} ${value}: ${ran.stderr}`);
      assert.match(ran.stderr, new RegExp(`^error: option .${flag} .*${flag} must be HOST:PORT`));
      assert.match(ran.stderr, /host name or IP address/);
      assert.ok(ran.stderr.includes(`'${value}'`), ran.stderr);
      assert.doesNotMatch(ran.stderr, /\n\s+at /);
      assert.equal(ran.stdout, '', 'it must not have started listening');
    }
  });

  test('a target that is the proxy itself is refused (exit 2), in its equivalent spellings', async () => {
    // A port that was free a moment ago.
    const spare = createServer();
    spare.listen(0, '127.0.0.1');
    await once(spare, 'listening');
    const port = (spare.address() as AddressInfo).port;
    spare.close();
    await once(spare, 'close');
    for (const [listen, target] of [
      ['127.0.0.1', '127.0.0.1'],
      ['127.0.0.1', 'localhost'],
      ['127.0.0.1', '0.0.0.0'],
      ['0.0.0.0', '127.0.0.1'],
      ['0.0.0.0', '127.0.0.2'],
      ['0.0.0.0', 'localhost'],
      ['localhost', '127.0.0.1'],
    ]) {
      const ran = await runNode([PROXY_CLI, '--listen', `${listen}:${port}`, '--target', `${target}:${port}`, '--rtt', '5']);
      assert.equal(ran.code, 2, `--listen ${listen}:${port} --target ${target}:${port}: ${ran.stderr}`);
      assert.match(ran.stderr, /^error: --target .* is this proxy's own address/);
      assert.doesNotMatch(ran.stderr, /\n\s+at /);
    }
    // The same port on another address is another socket: allowed.
    const other = await startListening(PROXY_CLI, ['--listen', `127.0.0.1:${port}`, '--target', `127.0.0.2:${port}`, '--rtt', '5']);
    const stopped = await other.stop();
    assert.equal(stopped.code, 0, JSON.stringify(stopped));
  });
});
