import fs from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./record-imports.mjs', import.meta.url);

// The ES loader's hooks do not see require(): CommonJS modules loaded that way (prom-client's
// files, pino's) are recorded here, as file URLs like the hooks' lines. And the first Intl object
// or locale-aware compare of the process, which maps ICU's data (+9 MB RSS), as `intl:<what>`.
const file = process.env.RECORD_IMPORTS;
if (file) {
  const record = (line) => fs.appendFileSync(file, `${line}\n`);
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    try {
      const resolved = Module._resolveFilename(request, parent, isMain);
      if (resolved.startsWith('/')) record(pathToFileURL(resolved).href);
    } catch {
      // the real load below reports it
    }
    return load.apply(this, arguments);
  };
  for (const name of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames']) {
    const Real = Intl[name];
    if (!Real) continue;
    const Recorded = function (...args) {
      record(`intl:${name}`);
      return new Real(...args);
    };
    Object.setPrototypeOf(Recorded, Real);
    Recorded.prototype = Real.prototype;
    Intl[name] = Recorded;
  }
  const compare = String.prototype.localeCompare;
  String.prototype.localeCompare = function (...args) {
    record('intl:localeCompare');
    return compare.apply(this, args);
  };
  for (const m of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) {
    const real = Date.prototype[m];
    Date.prototype[m] = function (...args) {
      record(`intl:Date.${m}`);
      return real.apply(this, args);
    };
  }
}
