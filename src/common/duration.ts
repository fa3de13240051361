// Durations in progress lines and estimates (the suite's and the sweep's), in one style.

/** "45 s", "3:05 min", "1:02 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} min`;
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} h`;
}

/** A duration to the minute for estimates ("9 min"); below two minutes to 5 s. */
export function roughDuration(seconds: number): string {
  if (seconds < 120) return `${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
