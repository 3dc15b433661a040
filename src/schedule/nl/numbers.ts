const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ARABIC = /^[0-9]+$/;

/** Characters that make up a Chinese numeral. */
export const ZH_NUM_CHARS = '零〇一二两三四五六七八九十百千';

/** Reads "15", "十五", "二十三", "两", "一百", "二零二六"; NaN when it is not a number. */
export function zhNumber(text: string): number {
  if (ARABIC.test(text)) return Number(text);
  if (text.length === 0 || text.length > 12) return NaN;
  let positional = false;
  for (const ch of text) if (ch in UNITS) positional = true;
  if (!positional) {
    let v = 0;
    for (const ch of text) {
      const d = DIGITS[ch];
      if (d === undefined) return NaN;
      v = v * 10 + d;
    }
    return v;
  }
  let total = 0;
  let digit = -1;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch];
    } else if (ch in UNITS) {
      total += (digit < 0 ? 1 : digit) * UNITS[ch];
      digit = -1;
    } else {
      return NaN;
    }
  }
  return digit > 0 ? total + digit : total;
}
