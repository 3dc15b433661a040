/** Splits text into pieces of at most `max` characters or UTF-8 bytes, at line breaks where it can. */
export function splitMessage(text: string, max: number, unit: 'chars' | 'bytes'): string[] {
  const size = unit === 'bytes' ? (s: string) => Buffer.byteLength(s, 'utf8') : (s: string) => [...s].length;
  if (size(text) <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current) pieces.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (size(candidate) <= max) {
      current = candidate;
      continue;
    }
    flush();
    if (size(line) <= max) {
      current = line;
      continue;
    }
    // A single line longer than the limit: cut it by characters (never inside a code point).
    let chunk = '';
    for (const ch of line) {
      if (size(chunk + ch) > max) {
        pieces.push(chunk);
        chunk = '';
      }
      chunk += ch;
    }
    current = chunk;
  }
  flush();
  return pieces;
}
