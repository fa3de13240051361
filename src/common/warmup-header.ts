/** Marks a warm-up request (--warm): answered as any, counted apart in /stats' warmupRequests, so `requests` stays a run's N. */
export const WARMUP_HEADER = 'x-benchmark-warmup';
