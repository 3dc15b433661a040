import { createHash } from 'node:crypto';

/**
 * The delay (ms, 0 ≤ d < max) of one occurrence of a jittered task. It is derived from the task
 * and the scheduled instant, not drawn at random, so every replica (and every retry of a claim)
 * computes the same start time.
 */
export function jitterDelay(taskId: number, scheduledFor: number, maxMs: number): number {
  if (!(maxMs > 0)) return 0;
  const h = createHash('sha256').update(`${taskId}:${scheduledFor}`).digest();
  return h.readUInt32BE(0) % Math.floor(maxMs);
}
