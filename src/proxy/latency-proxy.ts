import { connect, createServer, type Socket } from 'node:net';
import { DelayLine, HIGH_WATER_BYTES } from './delay-line.js';

export interface Endpoint { host: string; port: number }

export interface LatencyProxyOptions {
  /** Port 0 picks a free one. */
  listen: Endpoint;
  target: Endpoint;
  /** Round-trip time to add; each direction gets half of it. */
  rttMs: number;
}

/**
 * A TCP forwarder that emulates a link with the given RTT, for hosts without tc netem. Set-up pays it
 * too: connect() returns at once (the kernel accepts), so the first bytes are held until a handshake
 * would have completed (one RTT after accept), then travel half an RTT; the target is dialled when the
 * SYN would have arrived. Answers travel half an RTT back: a fresh connection costs 2 RTT, a kept-alive
 * one 1 RTT, as on a real link. No jitter or loss: reordering one TCP stream's bytes is meaningless.
 */
export async function startLatencyProxy(options: LatencyProxyOptions) {
  const half = options.rttMs / 2;
  // errors: connections that ended in an error (e.g. the target refused).
  const stats = { connections: 0, open: 0, bytesToTarget: 0, bytesFromTarget: 0, errors: 0 };
  const sockets = new Set<Socket>();

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const acceptedAt = performance.now();
    stats.connections += 1;
    stats.open += 1;
    sockets.add(client);
    let upstream: Socket | undefined;
    let up: DelayLine | undefined;
    let down: DelayLine | undefined;
    let failed = false;
    // An error or reset on either side resets the other at once, as a broken link would.
    const fail = (): void => {
      if (!failed) stats.errors += 1;
      failed = true;
      up?.close();
      down?.close();
      client.destroy();
      upstream?.destroy();
    };

    // Held until the upstream socket exists (at SYN-arrival time), bounded as a delay line is: above it
    // the client is paused, and the delay line that takes these bytes over resumes it.
    const early: Array<Buffer | null> = [];
    let earlyBytes = 0;
    const handshakeDone = acceptedAt + options.rttMs;
    const dueUp = (): number => Math.max(performance.now(), handshakeDone) + half;

    client.on('data', (data: Buffer) => {
      stats.bytesToTarget += data.length;
      if (up) {
        up.push(data, dueUp());
        return;
      }
      early.push(data);
      earlyBytes += data.length;
      if (earlyBytes > HIGH_WATER_BYTES) client.pause();
    });
    client.on('end', () => {
      if (up) up.end(dueUp());
      else early.push(null);
    });
    client.on('error', fail);
    // A clean close needs nothing: each FIN travels through its delay line like the data before it.
    client.on('close', (hadError) => {
      stats.open -= 1;
      sockets.delete(client);
      if (hadError) fail();
    });

    const dial = (): void => {
      if (client.destroyed) return;
      const target = connect({ ...options.target, allowHalfOpen: true, noDelay: true });
      upstream = target;
      sockets.add(target);
      up = new DelayLine(client, target);
      const line = new DelayLine(target, client);
      down = line;
      const due = handshakeDone + half;
      for (const data of early) (data === null ? up.end(due) : up.push(data, due));
      early.length = 0;
      earlyBytes = 0;
      target.on('data', (data: Buffer) => {
        stats.bytesFromTarget += data.length;
        line.push(data, performance.now() + half);
      });
      target.on('end', () => line.end(performance.now() + half));
      target.on('error', fail);
      target.on('close', (hadError) => {
        sockets.delete(target);
        if (hadError) fail();
      });
    };
    if (half > 0) setTimeout(dial, half);
    else dial();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ ...options.listen, backlog: 65_535 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.listen.port;
  return {
    server,
    port,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
