import type { SqlLimits, SqlRows } from './types.ts';

function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
  return v;
}

// Bytes a cell costs as text: what the history table and the JSON of a run are made of.
function cellBytes(v: unknown): number {
  if (v === null || v === undefined) return 4;
  if (typeof v === 'string') return Buffer.byteLength(v);
  return typeof v === 'object' ? Buffer.byteLength(JSON.stringify(v)) : String(v).length;
}

/**
 * Keeps rows as they stream in until the row cap or the byte cap is reached; `add` then says
 * stop, and the caller stops reading (the statement's own LIMIT has no say).
 */
export class RowCollector {
  readonly rows: unknown[][] = [];
  private bytes = 0;
  private truncated = false;
  private cutAtBytes: number | null = null;

  constructor(private readonly limits: Pick<SqlLimits, 'maxRows' | 'maxBytes'>) {}

  /** Adds one row; false when it was not kept because a cap is reached (stop reading). */
  add(row: readonly unknown[]): boolean {
    if (this.truncated) return false;
    if (this.rows.length >= this.limits.maxRows) {
      this.truncated = true;
      return false;
    }
    const kept = row.map(plain);
    const size = kept.reduce<number>((n, v) => n + cellBytes(v) + 1, 0);
    if (this.bytes + size > this.limits.maxBytes) {
      this.overBytes();
      return false;
    }
    this.bytes += size;
    this.rows.push(kept);
    return true;
  }

  /** Reading stopped at the byte cap (a row, or the wire, passed it). */
  overBytes(): void {
    this.truncated = true;
    this.cutAtBytes = this.limits.maxBytes;
  }

  /** Whether the byte cap (not the row cap) stopped reading. */
  get byBytes(): boolean {
    return this.cutAtBytes != null;
  }

  /** Whether a cap stopped reading. */
  get full(): boolean {
    return this.truncated;
  }

  /** The rows kept, as a result. */
  result(columns: string[], affected: number | null = null): SqlRows {
    return { columns, rows: this.rows, truncated: this.truncated, cutAtBytes: this.cutAtBytes, affected };
  }
}
