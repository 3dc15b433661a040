import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestService } from '../http/service.ts';
import { codeBlocks, readDoc } from './readme.ts';

// The REST API's curl examples (docs/operators.md, linked from the README), run as written by
// the real curl through sh, against a real service on loopback: only $TOKEN and $U are the test's.

type Svc = Awaited<ReturnType<typeof startTestService>>;
interface Answer {
  status: number;
  headers: string;
  json: any;
}

/** The block's commands: continuation lines joined, comments and blank lines dropped, the H=/U= prelude apart. */
function commands(lines: string[]): { prelude: string; commands: string[] } {
  const joined: string[] = [];
  for (const l of lines) {
    if (joined.length && joined[joined.length - 1].endsWith('\\')) joined[joined.length - 1] = joined[joined.length - 1].slice(0, -1) + l.trim();
    else joined.push(l);
  }
  const real = joined.filter((l) => l.trim() && !l.trim().startsWith('#'));
  return { prelude: real[0], commands: real.slice(1) };
}

/** What each example must answer, in order (matched by the start of the command). */
const EXPECT: [RegExp, (a: Answer) => void][] = [
  [/^curl -H "\$H" \$U\/api\/scheduler/, (a) => expect(a.json).toMatchObject({ version: expect.any(String), database: expect.anything() })],
  [/^curl -H "\$H" "\$U\/api\/tasks\?status=active/, (a) => expect(a.json).toMatchObject({ total: 0, tasks: [] })],
  [/"text":"every 2 seconds hello"/, (a) => expect(a.json).toMatchObject({ id: 1, name: 'hello', schedule: { kind: 'every' } })],
  [/"name":"standup","cron":"30 9 \* \* 1-5"/, (a) => expect(a.json).toMatchObject({ id: 2, schedule: { kind: 'cron', expr: '30 9 * * 1-5', tz: 'Asia/Shanghai' }, chat: { platform: 'telegram', chatId: '-1001234' }, chase: { maxCount: 4 } })],
  [/"name":"disk","every":"1h","action":"disk"/, (a) => expect(a.json).toMatchObject({ id: 3, mode: 'command', action: { name: 'disk' } })],
  [/^curl -i -H "\$H" \$U\/api\/tasks\/1\b/, (a) => expect(a.headers).toMatch(/^etag: "1"\r?$/im)],
  [/-H 'If-Match: "1"' -X PATCH -d '\{"every":"2h"\}'/, (a) => expect(a.json).toMatchObject({ id: 1, version: 2, schedule: { kind: 'every', expr: '2h' } })],
  [/\/api\/tasks\/1\/pause$/, (a) => expect(a.json).toMatchObject({ id: 1, status: 'paused' })],
  [/\/api\/tasks\/1\/resume$/, (a) => expect(a.json).toMatchObject({ id: 1, status: 'active' })],
  [/\/api\/tasks\/1\/run\b/, (a) => expect(a.json).toMatchObject({ taskId: 1, trigger: 'manual' })],
  [/"\$U\/api\/tasks\/1\/runs\?limit=20&offset=0"/, (a) => {
    expect(a.json.total).toBeGreaterThanOrEqual(1);
    expect(a.json.runs[0]).not.toHaveProperty('output');
  }],
  [/\$U\/api\/runs\/42\b/, (a) => expect(a.json).toMatchObject({ taskId: 1, trigger: 'manual' })],
  [/\/api\/tasks\/1\/chases\b/, (a) => expect(a.json).toMatchObject({ taskId: 1, chases: [] })],
  [/-X DELETE \$U\/api\/tasks\/1$/, (a) => expect(a.json).toEqual({ deleted: true, id: 1 })],
];

const sh = (script: string) =>
  new Promise<string>((resolve, reject) =>
    execFile('/bin/sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TOKEN: ADMIN } }, (err, stdout, stderr) => (err ? reject(new Error(`${script}\n${stderr}`)) : resolve(stdout))),
  );
const haveCurl = () => sh('command -v curl').then(() => true, () => false);

describe('the REST API’s curl examples, run as written', { timeout: 120_000 }, () => {
  let s: Svc;
  beforeAll(async () => {
    s = await startTestService({ config: { actions: { disk: ['df', '-h'] } } });
  });
  afterAll(async () => s?.close());

  it('answers each example as its comment says, in order', async (t) => {
    if (!(await haveCurl())) {
      console.warn('*** curl is not installed: the curl examples are SKIPPED ***');
      return t.skip();
    }
    const block = codeBlocks(readDoc('docs/operators.md')).find((b) => b.section === 'The REST API' && b.info === 'sh');
    expect(block, 'docs/operators.md has a curl block under "The REST API"').toBeDefined();
    const { prelude, commands: cmds } = commands(block!.lines);
    expect(prelude).toBe('H="Authorization: Bearer $TOKEN"; U=http://127.0.0.1:8080');
    expect(cmds.length).toBe(EXPECT.length);
    let runId: number | undefined;
    for (const [i, cmd] of cmds.entries()) {
      const [pattern, check] = EXPECT[i];
      expect(cmd, `example ${i + 1} is not the one expected here`).toMatch(pattern);
      // The one placeholder of the block: "42" is the run the example before it queued.
      const asRun = runId != null ? cmd.replace('/api/runs/42', `/api/runs/${runId}`) : cmd;
      // -s and a status line added to what the example does, so the answer can be read.
      const script = `${prelude.replace('http://127.0.0.1:8080', s.url)}; ${asRun.replace(/^curl /, 'curl -s -w "\\n%{http_code}" ')}`;
      const out = await sh(script);
      const nl = out.lastIndexOf('\n');
      const status = Number(out.slice(nl + 1));
      const raw = out.slice(0, nl);
      const [headers, body] = cmd.startsWith('curl -i ') ? [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)] : ['', raw];
      const answer: Answer = { status, headers, json: body ? JSON.parse(body) : undefined };
      expect(status, `${cmd}\n${body}`).toBeLessThan(300);
      check(answer);
      if (/\/run\b/.test(cmd) && !/\/runs/.test(cmd)) runId = answer.json.id;
    }
  });
});
