import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSlackSignature, slackSignature } from '../../../adapters/slack/index.ts';

const EXAMPLE = JSON.parse(fs.readFileSync(new URL('../../fixtures/slack/signing-example.json', import.meta.url), 'utf8')) as {
  signingSecret: string;
  timestamp: string;
  body: string;
  signature: string;
};
const AT = Number(EXAMPLE.timestamp) * 1000;
const WINDOW = 5 * 60_000;

describe('the Slack request signature', () => {
  it("computes exactly the signature of Slack's published example", () => {
    expect(slackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, EXAMPLE.body)).toBe(EXAMPLE.signature);
  });

  it('accepts the published example inside the five-minute window', () => {
    expect(checkSlackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, EXAMPLE.signature, EXAMPLE.body, AT + 60_000, WINDOW)).toBeUndefined();
  });

  it('refuses the published example replayed after the window, genuine signature or not', () => {
    expect(checkSlackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, EXAMPLE.signature, EXAMPLE.body, AT + WINDOW + 1000, WINDOW)).toBe('stale');
  });

  it('refuses one changed character of the body, of the signature, or another secret', () => {
    const body = EXAMPLE.body.replace('roadrunner', 'roadrunnex');
    expect(checkSlackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, EXAMPLE.signature, body, AT, WINDOW)).toBe('mismatch');
    const sig = `${EXAMPLE.signature.slice(0, -1)}${EXAMPLE.signature.endsWith('3') ? '4' : '3'}`;
    expect(checkSlackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, sig, EXAMPLE.body, AT, WINDOW)).toBe('mismatch');
    expect(checkSlackSignature('another-secret', EXAMPLE.timestamp, EXAMPLE.signature, EXAMPLE.body, AT, WINDOW)).toBe('mismatch');
  });

  it('refuses a request without the headers, with a short signature or a timestamp that is not a number', () => {
    expect(checkSlackSignature(EXAMPLE.signingSecret, undefined, EXAMPLE.signature, EXAMPLE.body, AT, WINDOW)).toBe('missing');
    expect(checkSlackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, undefined, EXAMPLE.body, AT, WINDOW)).toBe('missing');
    expect(checkSlackSignature(EXAMPLE.signingSecret, EXAMPLE.timestamp, 'v0=ab', EXAMPLE.body, AT, WINDOW)).toBe('mismatch');
    expect(checkSlackSignature(EXAMPLE.signingSecret, '1531420618.5', EXAMPLE.signature, EXAMPLE.body, AT, WINDOW)).toBe('stale');
  });
});
