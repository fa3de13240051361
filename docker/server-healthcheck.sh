#!/bin/bash
# Server images' HEALTHCHECK: GET PATH (default /health) over bash's /dev/tcp, a few ms of CPU
# instead of a node start-up (~40 ms) every interval, because it also runs while the server
# is measured. The original's server (Dockerfile.original-server) has no /health: /multiply?number=1.
set -eu
exec 3<>"/dev/tcp/127.0.0.1/${BENCHMARK_SERVER_PORT:-8080}"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${1:-/health}" >&3
read -r -t 2 _ status _ <&3
[ "$status" = 200 ]
