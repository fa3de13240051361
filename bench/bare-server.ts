// The floor for server overhead: bare node:http giving the same answer as the project's server.
import http from 'node:http';

const server = http.createServer((request, response) => {
  const url = request.url ?? '';
  const n = Number(url.slice(url.indexOf('number=') + 7));
  const body = JSON.stringify({ result: 2 * n });
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.keepAliveTimeout = 75_000;
server.listen({ host: '127.0.0.1', port: 0, backlog: 65_535 }, () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`bare node:http listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
