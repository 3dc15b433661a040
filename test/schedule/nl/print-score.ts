// Prints the corpus score on the tuned and the held-out sources (issue 21).
// Run: node --import tsx test/schedule/nl/print-score.ts [--misses]
import { corpus } from './corpus.ts';
import { isHeldOut, splitBySource } from './heldout.ts';
import { formatScore, score } from './score.ts';

const { tuned, heldOut } = splitBySource(corpus);
const sources = [...new Set(corpus.map((c) => c.source))];
const held = sources.filter(isHeldOut);
const zh = (t: string) => /[\u3400-\u9fff]/.test(t);
const lines = [
  `sources: ${sources.length}, held out: ${held.length}`,
  `tuned:    ${formatScore(score(tuned))}`,
  `held out: ${formatScore(score(heldOut))}`,
  `held out, English: ${formatScore(score(heldOut.filter((c) => !zh(c.text))))}`,
  `held out, Chinese: ${formatScore(score(heldOut.filter((c) => zh(c.text))))}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
// the held-out misses are printed only when asked: looking at them is to be said in the report
if (process.argv.includes('--misses')) for (const m of score(heldOut).misses) process.stdout.write(`  ${m.outcome}: ${m.text}\n`);
if (process.argv.includes('--list')) for (const s of held) process.stdout.write(`  ${s}\n`);
