// Which clauses of a grammar can begin with a given character: a clause whose first pattern
// cannot match there is not tried. Each set is a superset, written from the clause's patterns.

/** Clause bits by the code of the character a clause would begin with. */
export class Openers {
  private readonly ascii = new Uint16Array(128);
  private readonly other = new Map<number, number>();

  /** `sets[k]`: the characters clause k can begin with; the clause gets bit 1 << k. */
  constructor(sets: string[]) {
    sets.forEach((chars, k) => {
      for (const ch of chars) {
        const code = ch.charCodeAt(0);
        if (code < 128) this.ascii[code] |= 1 << k;
        else this.other.set(code, (this.other.get(code) ?? 0) | (1 << k));
      }
    });
  }

  /** The bits of the clauses that can begin with character `code` (0 at the end: NaN). */
  at(code: number): number {
    return code < 128 ? this.ascii[code] : (this.other.get(code) ?? 0);
  }
}

/** The initials of a list of names. */
export function initials(names: string[]): string {
  return names.map((n) => n[0]).join('');
}
