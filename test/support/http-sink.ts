import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server on 127.0.0.1 that records JSON POSTs and answers as told. */
export async function httpSink() {
  const received: { path: string; body: unknown; at: number }[] = [];
  let answer: (n: number) => number = () => 200;
  let hits = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      hits++;
      const status = answer(hits);
      if (status === 200) received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'), at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"ok":true}' : '{"error":"unavailable"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get hits() {
      return hits;
    },
    /** Decides the status of the n-th request (1-based). */
    answerWith(fn: (n: number) => number) {
      answer = fn;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
