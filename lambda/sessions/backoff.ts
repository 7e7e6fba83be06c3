// "Full jitter" exponential backoff (AWS Architecture Blog, 2015): a uniformly random wait in
// [0, min(cap, base·2^attempt)), which spreads retries from many clients instead of syncing them.

export function fullJitterDelayMs(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}
