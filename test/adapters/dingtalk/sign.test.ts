import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDingtalkSign, dingtalkSign } from '../../../adapters/dingtalk/index.ts';

const EXAMPLE = JSON.parse(fs.readFileSync(new URL('../../fixtures/dingtalk/sign-example.json', import.meta.url), 'utf8')) as { timestamp: string; appSecret: string; expectedSign: string };
const AT = Number(EXAMPLE.timestamp);
const HOUR = 3_600_000;

describe('the DingTalk callback signature', () => {
  it("signs DingTalk's documented example inputs as openssl does", () => {
    expect(dingtalkSign(EXAMPLE.timestamp, EXAMPLE.appSecret)).toBe(EXAMPLE.expectedSign);
  });

  it('accepts the example within the hour and refuses it after', () => {
    expect(checkDingtalkSign(EXAMPLE.timestamp, EXAMPLE.expectedSign, EXAMPLE.appSecret, AT + HOUR - 1000, HOUR)).toBeUndefined();
    expect(checkDingtalkSign(EXAMPLE.timestamp, EXAMPLE.expectedSign, EXAMPLE.appSecret, AT + HOUR + 1000, HOUR)).toBe('stale');
  });

  it('refuses another secret, another timestamp, a changed sign and missing headers', () => {
    expect(checkDingtalkSign(EXAMPLE.timestamp, EXAMPLE.expectedSign, 'another secret', AT, HOUR)).toBe('mismatch');
    expect(checkDingtalkSign(String(AT + 1), EXAMPLE.expectedSign, EXAMPLE.appSecret, AT, HOUR)).toBe('mismatch');
    expect(checkDingtalkSign(EXAMPLE.timestamp, `A${EXAMPLE.expectedSign.slice(1)}`, EXAMPLE.appSecret, AT, HOUR)).toBe('mismatch');
    expect(checkDingtalkSign(undefined, EXAMPLE.expectedSign, EXAMPLE.appSecret, AT, HOUR)).toBe('missing');
    expect(checkDingtalkSign(EXAMPLE.timestamp, undefined, EXAMPLE.appSecret, AT, HOUR)).toBe('missing');
  });
});
