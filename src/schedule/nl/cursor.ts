// Compiled once: a regex literal inside a method is a new object on every call.
const SPACES = /\s+/y;
const SEPARATORS = /[\s,，、;；]+/y;

/** A read position in a normalized phrase; `eat` matches sticky patterns only at the position. */
export class Cursor {
  i: number;
  constructor(
    readonly s: string,
    start = 0,
  ) {
    this.i = start;
  }

  /** Skips spaces (and, when `seps`, commas and Chinese separators). */
  ws(seps = false): void {
    // most positions hold a letter, a digit or a CJK character: no pattern needed there
    const code = this.s.charCodeAt(this.i);
    if (!seps && ((code > 0x20 && code < 0x7f) || (code >= 0x3400 && code <= 0x9fff))) return;
    const re = seps ? SEPARATORS : SPACES;
    re.lastIndex = this.i;
    if (re.exec(this.s)) this.i = re.lastIndex;
  }

  /** The code of the next character after spaces, where `eat` would start; NaN at the end. */
  peek(): number {
    const save = this.i;
    this.ws();
    const code = this.s.charCodeAt(this.i);
    this.i = save;
    return code;
  }

  /** Matches `re` (must carry the y flag) at the position after spaces; advances on success. */
  eat(re: RegExp, seps = false): RegExpExecArray | null {
    const save = this.i;
    this.ws(seps);
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m) {
      this.i = save;
      return null;
    }
    this.i = re.lastIndex;
    return m;
  }

  /** Runs `f`; restores the position when it returns null. */
  try<T>(f: () => T | null): T | null {
    const save = this.i;
    const r = f();
    if (r == null) this.i = save;
    return r;
  }

  get done(): boolean {
    return this.i >= this.s.length;
  }
}
