import { Cron } from 'croner';
import fc from 'fast-check';
import { maskQuotes, scheduleWord } from '../../../src/schedule/nl/leftover.ts';
import { normalize } from '../../../src/schedule/nl/text.ts';
import { dayRule } from '../../../src/schedule/cron-fields.ts';
import { describe, expect, it } from 'vitest';
import { nextRuns, toZonedIso } from '../../../src/schedule/index.ts';
import { parseSchedule } from '../../../src/schedule/nl/index.ts';
import { allCases, corpus, ISSUE12_REGRESSIONS, type CorpusCase } from './corpus.ts';

const COUNT = 3;

// Computed from the hand-written expectation only: croner for cron cases, the listed instants otherwise.
function expectedNext(c: CorpusCase): string[] {
  if (c.at) return c.at.map((iso) => toZonedIso(Date.parse(iso), c.tz));
  const pattern = new Cron(c.cron as string, { paused: true, timezone: c.tz });
  return pattern.nextRuns(COUNT, new Date(c.now)).map((d) => toZonedIso(d.getTime(), c.tz));
}

function label(c: CorpusCase): string {
  return c.text.length > 60 ? `${c.text.slice(0, 20)}… (${c.text.length} chars)` : JSON.stringify(c.text);
}

describe('the natural-language corpus', () => {
  it('holds at least 250 phrases, about half of them Chinese, each with a source', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    const zh = corpus.filter((c) => /[\u3400-\u9fff]/.test(c.text)).length;
    expect(zh / corpus.length).toBeGreaterThan(0.4);
    expect(corpus.filter((c) => c.source.length === 0)).toEqual([]);
    expect(corpus.filter((c) => !c.error && !c.cron && !c.at)).toEqual([]);
  });

  it('holds no phrase whose only source is the issue-12 reports: those are regressions, kept apart', () => {
    const issue12Source = ISSUE12_REGRESSIONS[0]?.source;
    expect(issue12Source).toMatch(/issue 12/);
    expect(corpus.filter((c) => c.source === issue12Source).map((c) => c.text)).toEqual([]);
    expect(ISSUE12_REGRESSIONS.filter((c) => c.source !== issue12Source)).toEqual([]);
    expect(ISSUE12_REGRESSIONS.filter((c) => !c.error && !c.cron && !c.at)).toEqual([]);
  });

  for (const c of allCases) {
    if (c.error) {
      it(`refuses ${label(c)} with ${c.error} (${c.tz})`, () => {
        const r = parseSchedule(c.text, { now: Date.parse(c.now), tz: c.tz });
        expect(r.ok ? r.schedule : r.code).toBe(c.error);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      });
      continue;
    }
    it(`reads ${label(c)} at ${c.now} in ${c.tz}`, () => {
      const now = Date.parse(c.now);
      const r = parseSchedule(c.text, { now, tz: c.tz });
      if (!r.ok) throw new Error(`refused with ${r.code}: ${r.error}`);
      if (c.kind) expect(r.schedule.kind).toBe(c.kind);
      expect(r.schedule.tz).toBe(c.tz);
      if (c.cron && c.kind === 'cron') expect(r.schedule.expr).toBe(c.cron);
      const got = nextRuns(r.schedule, r.window, now, COUNT).map((ms) => toZonedIso(ms, c.tz));
      expect(got).toEqual(expectedNext(c));
      if (c.rest !== undefined) expect(r.rest).toBe(c.rest);
      expect(r.description.length).toBeGreaterThan(0);
    });
  }
});

describe('the task text of an accepted phrase', () => {
  it('never holds a schedule word, over the whole corpus and the issue-12 regressions', () => {
    const leaks: string[] = [];
    for (const c of allCases) {
      const r = parseSchedule(c.text, { now: Date.parse(c.now), tz: c.tz });
      if (!r.ok) continue;
      const word = scheduleWord(normalize(maskQuotes(r.rest)));
      if (word) leaks.push(`${c.text} → rest "${r.rest}" holds "${word}"`);
    }
    expect(leaks).toEqual([]);
  });

  it('never holds a schedule word for phrases built from a schedule and task text with times in it', () => {
    const schedules = ['every day at 9', 'every monday', '每天早上9点', '每周五下午5点', 'tomorrow at 10am', 'cron 0 9 * * 1-5', '30分钟后'];
    const texts = ['standup', 'fri review', 'the 10:30 sync', 'in 5 minutes', '周一例会', '下午3点开会', 'every week', '"demo at 5pm"', '「3点的会」', 'on monday', 'call mom'];
    fc.assert(
      fc.property(fc.constantFrom(...schedules), fc.constantFrom(...texts), fc.boolean(), (s, t, first) => {
        const text = first ? `${t} ${s}` : `${s} ${t}`;
        const r = parseSchedule(text, { now: Date.parse('2026-03-04T10:15:00+08:00'), tz: 'Asia/Shanghai' });
        if (r.ok) expect(scheduleWord(normalize(maskQuotes(r.rest)))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('cron expressions the parser writes', () => {
  it('never restrict day of month and day of week together, so the Linux OR rule cannot change them', () => {
    const both: string[] = [];
    for (const c of allCases) {
      if (/^\s*cron\b/i.test(c.text)) continue;
      const r = parseSchedule(c.text, { now: Date.parse(c.now), tz: c.tz });
      if (r.ok && r.schedule.kind === 'cron' && dayRule(r.schedule.expr) !== 'single') both.push(`${c.text} → ${r.schedule.expr}`);
    }
    expect(both).toEqual([]);
  });
});
