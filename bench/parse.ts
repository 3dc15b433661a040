// Parser throughput over the test corpus. Run: node --import tsx bench/parse.ts
import { parseSchedule } from '../src/schedule/nl/index.ts';
import { corpus } from '../test/schedule/nl/corpus.ts';

const RUNS = 7;
const inputs = corpus.map((c) => ({ text: c.text, opts: { now: Date.parse(c.now), tz: c.tz } }));

// warm up JIT and croner's cache: one pass over the corpus takes about 10 ms, too short to settle
for (let k = 0; k < 20; k++) for (const i of inputs) parseSchedule(i.text, i.opts);
const PASSES = 10; // corpus passes per timed run, so that each run lasts ~100 ms, not a noisy 10

const rates: number[] = [];
const cpuRates: number[] = [];
const perPhrase: number[] = [];
for (let run = 0; run < RUNS; run++) {
  // CPU time as well as wall time: on a shared machine the wall clock also counts other processes
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let k = 0; k < PASSES; k++) {
    for (const i of inputs) {
      const a = performance.now();
      parseSchedule(i.text, i.opts);
      perPhrase.push((performance.now() - a) * 1000); // µs
    }
  }
  rates.push((PASSES * inputs.length) / ((performance.now() - t0) / 1000));
  const c = process.cpuUsage(c0);
  cpuRates.push((PASSES * inputs.length) / ((c.user + c.system) / 1e6));
}
rates.sort((a, b) => a - b);
cpuRates.sort((a, b) => a - b);
perPhrase.sort((a, b) => a - b);
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];

process.stdout.write(
  `${JSON.stringify({
    bench: 'parse',
    phrases: inputs.length,
    runs: RUNS,
    phrasesPerSecond: Math.round(rates[Math.floor(RUNS / 2)]),
    phrasesPerCpuSecond: Math.round(cpuRates[Math.floor(RUNS / 2)]),
    p50Micros: Math.round(q(perPhrase, 0.5)),
    p99Micros: Math.round(q(perPhrase, 0.99)),
    maxMicros: Math.round(perPhrase[perPhrase.length - 1]),
    node: process.version,
  })}\n`,
);
