// Node module hooks for tests: append the URL of every module the ES loader loads to the file
// named by RECORD_IMPORTS (one per line). Registered with `--import ./test/support/record-imports-register.mjs`.
import fs from 'node:fs';

export async function load(url, context, nextLoad) {
  if (process.env.RECORD_IMPORTS) fs.appendFileSync(process.env.RECORD_IMPORTS, `${url}\n`);
  return nextLoad(url, context);
}
