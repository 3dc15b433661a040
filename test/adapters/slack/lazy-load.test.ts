import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Both SDKs are CommonJS: once imported they sit in require.cache, whoever imported them.
const SCRIPT = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(`${ROOT}/`)});
const loaded = () => ({
  slack: Object.keys(require.cache).some((k) => k.includes('node_modules/@slack/web-api/')),
  lark: Object.keys(require.cache).some((k) => k.includes('node_modules/@larksuiteoapi/node-sdk/')),
});
await import(${JSON.stringify(`${ROOT}/src/main.ts`)});
const afterMain = loaded();
const { createSlackAdapter } = await import(${JSON.stringify(`${ROOT}/adapters/slack/index.ts`)});
await createSlackAdapter({ botToken: 'xoxb-x', signingSecret: 'secret' });
console.log(JSON.stringify({ afterMain, afterSlack: loaded() }));
`;

describe('loading the platform SDKs', () => {
  it('loads neither the Slack nor the Feishu SDK with the service, and only Slack’s when a Slack adapter is made', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: ROOT, timeout: 120_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ afterMain: { slack: false, lark: false }, afterSlack: { slack: true, lark: false } });
  }, 130_000);
});
