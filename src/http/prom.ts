// prom-client's four classes that chatcron uses, each from its own file. The package's index also
// loads the push gateway (http, https), the cluster aggregator (node:cluster), the summary's
// t-digest and the default process collectors, none of which chatcron uses: an idle `serve`
// held 12 MB more for them (docs/benchmarks.md, "CLI start-up and the idle service"). These are
// the same classes the index exports (one module instance per file), so a Registry made from
// `import { Registry } from 'prom-client'` still works with them.
import { createRequire } from 'node:module';
import type * as prom from 'prom-client';

const load = createRequire(import.meta.url);

export const Registry: typeof prom.Registry = load('prom-client/lib/registry');
export const Counter: typeof prom.Counter = load('prom-client/lib/counter');
export const Gauge: typeof prom.Gauge = load('prom-client/lib/gauge');
export const Histogram: typeof prom.Histogram = load('prom-client/lib/histogram');
export type Registry = prom.Registry;
