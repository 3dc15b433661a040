// A raw cron line written in a message, in either language: "cron 0 9 * * 1-5 standup".
import { isCronExpression } from '../cron.ts';
import { Cursor } from './cursor.ts';
import type { Spec } from './spec.ts';

const CRON_WORD = /cron(?![a-z])/y;

// a leading + on the weekday field asks for day of month AND day of week (croner)
const CRON_TOKEN = /([0-9a-z*?+][0-9a-z*/,\-#?]*)(?=\s|$)/y;

/** "cron 0 9 * * 1-5": five or six fields, the task text follows. */
export function rawCron(c: Cursor, spec: Spec): boolean {
  const save = c.i;
  if (!c.eat(CRON_WORD)) return false;
  const fields: string[] = [];
  while (fields.length < 6) {
    const m = c.eat(CRON_TOKEN);
    if (!m) break;
    fields.push(m[1].toUpperCase());
  }
  if (fields.length < 5 || !/^[0-9*?]/.test(fields[0])) {
    c.i = save;
    return false;
  }
  // six tokens may be five fields and the task's first word: keep the six only when they compile
  if (fields.length === 6 && !isCronExpression(fields.join(' ')) && isCronExpression(fields.slice(0, 5).join(' '))) {
    c.i = save;
    c.eat(CRON_WORD);
    for (let k = 0; k < 5; k++) c.eat(CRON_TOKEN);
    fields.pop();
  }
  spec.rec = { k: 'cron', expr: fields.join(' ') };
  return true;
}
