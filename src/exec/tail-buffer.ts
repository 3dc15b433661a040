/** Keeps the last `limit` bytes written to it, and counts all of them. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  total = 0;
  constructor(private readonly limit: number) {}

  write(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      this.size -= this.chunks.shift()!.length;
    }
  }

  /** The kept tail as text (a split multi-byte character at the cut is dropped). */
  text(): string {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > this.limit) buf = buf.subarray(buf.length - this.limit);
    let s = buf.toString('utf8');
    if (this.total > buf.length) s = s.replace(/^\uFFFD+/, '');
    return s;
  }
}
