'use strict'
// Bundled in place of undici/lib/dispatcher/client-h2.js (scripts/bundle.mjs). The original
// loads node:http2 as soon as it is required, which every process and every worker thread
// of the benchmark would pay at start-up, yet the benchmark speaks HTTP/1.1 over plain TCP
// only and creates every dispatcher with allowH2: false (src/strategies/request.ts).
module.exports = function connectH2 () {
  throw new Error('HTTP/2 is not bundled in the benchmark client (it speaks HTTP/1.1 only)')
}
