// The held-out split of the corpus (issue 21): a third of the SOURCES, chosen by a rule fixed
// before any source was looked at, so that generalisation is measured on phrases nobody tuned to.
// Rule: a source is held out when the first four bytes of the SHA-256 of its name (the `source`
// string exactly as the corpus writes it), read as a big-endian unsigned integer, are 0 mod 3.
// A rule per source, not a sorted cut, so that adding a source never moves another across.
import { createHash } from 'node:crypto';
import type { CorpusCase } from './corpus.ts';

/** Whether phrases of `source` are held out from tuning. */
export function isHeldOut(source: string): boolean {
  return createHash('sha256').update(source, 'utf8').digest().readUInt32BE(0) % 3 === 0;
}

/** The corpus split by source: the part the grammar may be tuned to, and the held-out part. */
export function splitBySource(cases: readonly CorpusCase[]): { tuned: CorpusCase[]; heldOut: CorpusCase[] } {
  const tuned: CorpusCase[] = [];
  const heldOut: CorpusCase[] = [];
  for (const c of cases) (isHeldOut(c.source) ? heldOut : tuned).push(c);
  return { tuned, heldOut };
}
