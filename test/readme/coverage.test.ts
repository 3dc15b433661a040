import { describe, expect, it } from 'vitest';
import { codeBlocks, type Block } from './readme.ts';

// Every code block of the README is an example some test runs, or is named here with the reason
// it is not run by a test of its own. A new block, or a block moved to another section, fails
// until it is placed: no README example goes untested by accident.

const RUN_BY: Record<string, string> = {
  'Try it in a minute': 'test/readme/cli-examples.test.ts (the real CLI on a served temp SQLite file)',
  'From the group chat': 'test/readme/chat-examples.test.ts (the console box and a Telegram group message)',
  'Message templates': 'test/readme/template-and-config-examples.test.ts (chat lines fired on a fixed clock; the API request over HTTP)',
  Configuration: 'test/readme/template-and-config-examples.test.ts (the real config loader)',
};

// Blocks that are not examples of using chatcron, and where what they say is checked instead.
const NOT_RUN: Record<string, { first: RegExp; why: string }> = {
  // The block under the title, before any ## heading.
  '': { first: /^npm install && npm start/, why: 'installs and runs the whole suite: the lead and .ci/run do, not one test' },
  Production: { first: /^npm ci /, why: 'a production install: .ci/production-smoke.sh runs these steps on a copy of the repository' },
  Layout: { first: /^src\/domain/, why: 'a map of the folders, not a command' },
};

const key = (b: Block) => `${b.section}: ${b.lines.find((l) => l.trim()) ?? ''}`;

describe('every README code block', () => {
  const blocks = codeBlocks();

  it('is found', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  for (const b of blocks) {
    it(`is run by a test, or says why not: ${key(b)}`, () => {
      const skip = NOT_RUN[b.section];
      if (skip && skip.first.test(b.lines[0] ?? '')) return;
      expect(Object.keys(RUN_BY), `README block without a test: ${key(b)}`).toContain(b.section);
    });
  }

  it('has exactly one block in each section a test reads the first block of', () => {
    for (const section of Object.keys(RUN_BY)) expect(blocks.filter((b) => b.section === section).length, section).toBe(1);
  });
});
