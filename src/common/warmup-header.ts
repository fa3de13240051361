/**
 * The header that marks a client's warm-up request (sent before its clock, --warm): the
 * server answers it as any other but counts it apart in /stats (`warmupRequests`), so
 * /stats' `requests` still counts exactly a run's N.
 */
export const WARMUP_HEADER = 'x-benchmark-warmup';
