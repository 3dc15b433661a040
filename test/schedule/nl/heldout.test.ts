import { describe, expect, it } from 'vitest';
import { corpus } from './corpus.ts';
import { isHeldOut, splitBySource } from './heldout.ts';
import { formatScore, score } from './score.ts';

describe('the held-out split of the corpus', () => {
  it('holds out about a third of the sources, by a rule on the source name alone', () => {
    const sources = [...new Set(corpus.map((c) => c.source))];
    const held = sources.filter(isHeldOut);
    expect(held.length / sources.length).toBeGreaterThan(0.2);
    expect(held.length / sources.length).toBeLessThan(0.45);
    // the rule is a pure function of the name: the same answer twice, and for a copy of the string
    for (const s of sources) expect(isHeldOut(`${s}`)).toBe(isHeldOut(s));
    const { tuned, heldOut } = splitBySource(corpus);
    expect(tuned.length + heldOut.length).toBe(corpus.length);
    expect(heldOut.filter((c) => !isHeldOut(c.source))).toEqual([]);
  });

  it('prints the score on the tuned and the held-out sources, and the tuned part has no misread', () => {
    const { tuned, heldOut } = splitBySource(corpus);
    const t = score(tuned);
    const h = score(heldOut);
    process.stdout.write(`tuned: ${formatScore(t)}\nheld out: ${formatScore(h)}\n`);
    expect(t.misses.filter((m) => m.outcome === 'misread')).toEqual([]);
  });
});
