// undici's HTTP/1.1 client without its index, which also loads fetch, WebSocket, caches and mocks:
// tens of ms of start-up in every process and worker that hyperfine would count. Pinned by
// package-lock.json; the strategy tests cover every path through it.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import request from 'undici/lib/api/api-request.js';
import Client from 'undici/lib/dispatcher/client.js';
import Pool from 'undici/lib/dispatcher/pool.js';

// What undici's index does to give every dispatcher its .request().
Dispatcher.prototype.request ??= request;

export { Client, Pool };
