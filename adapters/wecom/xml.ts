import { XMLParser } from 'fast-xml-parser';

// Entities stay as written and tag values stay strings: MsgId does not fit in a double.
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
});

// A DOCTYPE is how entity expansion (billion laughs, external entities) gets in; WeCom never sends one.
const DOCTYPE = /<!(DOCTYPE|ENTITY)/i;

/** The text children of the root <xml> element, or undefined for anything else. */
export function parseWecomXml(text: string): Record<string, string> | undefined {
  if (DOCTYPE.test(text)) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const root = (doc as { xml?: unknown } | undefined)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}
