import type { Lang } from '../../domain/index.ts';

/** Longest message read as a schedule; longer pastes are refused before any pattern runs. */
export const MAX_LENGTH = 1000;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** True when `text` holds a CJK character. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** zh when the text holds any CJK character, else en. */
export function detectLang(text: string): Lang {
  return CJK.test(text) ? 'zh' : 'en';
}

/**
 * Folds full-width ASCII to half-width, the ideographic space to a space and ASCII to lower
 * case. Every character maps to exactly one, so positions in the result are positions in `text`.
 */
export function normalize(text: string): string {
  let i = 0;
  while (i < text.length && fold(text.charCodeAt(i)) === text.charCodeAt(i)) i++;
  if (i === text.length) return text; // nothing to fold: no copy
  // one string from the codes, not one intermediate string per character
  const codes = new Uint16Array(text.length);
  for (let k = 0; k < text.length; k++) codes[k] = fold(text.charCodeAt(k));
  let out = '';
  for (let k = 0; k < codes.length; k += 4096) out += String.fromCharCode.apply(null, codes.subarray(k, k + 4096) as unknown as number[]);
  return out;
}

function fold(code: number): number {
  let c = code;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  else if (c === 0x3000 || c === 0x00a0 || c === 0x09 || c === 0x0a || c === 0x0d) c = 0x20;
  else if (c === 0xff0c) c = 0x2c;
  if (c >= 0x41 && c <= 0x5a) c += 0x20;
  return c;
}

const EDGE = /^[\s,，。.!！:：;；、\-—]+|[\s,，。.!！:：;；、\-—]+$/g;
const RUNS_OF_SPACE = /\s{2,}/g;

/** The task text: what is left once the schedule phrase is cut out, without stray punctuation. */
export function restOf(original: string, start: number, end: number): string {
  const before = original.slice(0, start).replace(EDGE, '');
  const after = original.slice(end).replace(EDGE, '');
  // Chinese needs no space where the phrase was cut out; other scripts do.
  const glue = CJK.test(before.slice(-1)) && CJK.test(after.slice(0, 1)) ? '' : ' ';
  return (before && after ? `${before}${glue}${after}` : before || after).replace(RUNS_OF_SPACE, ' ').trim();
}

// Characters a Chinese schedule phrase can begin with (每, 明天, 下周, 上午, 十点, 共3次, 国庆…).
const ZH_START = codes('每隔天工非双周星礼本这下上去今明后大昨前早清中傍晚夜凌半午深零〇一二两三四五六七八九十百千共总重直截到至元情妇植劳儿教国万平圣母父感端春除过六从');

function codes(chars: string): Set<number> {
  return new Set([...chars].map((ch) => ch.charCodeAt(0)));
}

/**
 * Positions where a schedule phrase may begin: word starts, and for the Chinese grammar the
 * CJK characters that can open a phrase.
 */
export function starts(s: string, zh: boolean): number[] {
  const out: number[] = [];
  for (let i = nextStart(s, zh, 0); i >= 0; i = nextStart(s, zh, i + 1)) out.push(i);
  return out;
}

/**
 * The first position at or after `from` where a schedule phrase may begin (as in starts()), or
 * -1: a reader that stops at the first phrase does not list the positions of the whole text.
 */
export function nextStart(s: string, zh: boolean, from: number): number {
  for (let i = from; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x20) continue;
    if (isCjk(code)) {
      if (zh && ZH_START.has(code)) return i; // a code, not s[i]: no one-character string per CJK character
      continue;
    }
    if (i === 0 || !isAsciiWordChar(s.charCodeAt(i - 1))) return i;
  }
  return -1;
}

// the same ranges as CJK, on a code unit: starts() asks once per character
function isCjk(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}
