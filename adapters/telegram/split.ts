/** Telegram's limit on the text of one message, in characters after entity parsing. */
export const TELEGRAM_MAX_LENGTH = 4096;

/** Where the next piece of at most `max` characters (UTF-16 code units, as Telegram counts) ends. */
function cut(text: string, max: number): number {
  // Never cut inside a surrogate pair: half an emoji is not valid text for Telegram.
  const window = text.slice(0, max + 1);
  const nl = window.lastIndexOf('\n');
  if (nl > 0) return nl;
  const sp = window.lastIndexOf(' ');
  if (sp > 0) return sp;
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/**
 * Splits a text into pieces of at most `max` characters: at line breaks where it can, then at
 * spaces, then hard. The break character itself is dropped; no piece is empty.
 */
export function splitText(text: string, max: number = TELEGRAM_MAX_LENGTH): string[] {
  if (max < 2) throw new RangeError('splitText: max must be at least 2');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const at = cut(rest, max);
    const piece = rest.slice(0, at);
    if (piece.trim() !== '') pieces.push(piece);
    const brk = rest[at];
    rest = rest.slice(brk === '\n' || brk === ' ' ? at + 1 : at);
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}
