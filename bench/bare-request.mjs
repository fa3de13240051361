// The floor for a client's start-up: a bare node:http script making the one verified request
// that `benchmark async-for -r 1` makes (GET /multiply?number=0, status 200, result 0), against
// BENCHMARK_SERVER_HOST:BENCHMARK_SERVER_PORT. Plain JavaScript, so Node strips no types first.
import http from 'node:http';

const host = process.env.BENCHMARK_SERVER_HOST ?? '127.0.0.1';
const port = Number(process.env.BENCHMARK_SERVER_PORT ?? 8080);
http
  .get({ host, port, path: '/multiply?number=0' }, (response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => (body += chunk));
    response.on('end', () => {
      const ok = response.statusCode === 200 && JSON.parse(body).result === 0;
      process.stdout.write(ok ? 'Verified: 1/1\n' : 'failed\n');
      process.exit(ok ? 0 : 1);
    });
  })
  .on('error', () => process.exit(1));
