import type { Socket } from 'node:net';

/**
 * Counts the bytes a driver's socket receives and calls `over` once they pass `limit`: the bound
 * on what a statement's result can make the service hold, since a driver buffers a whole row (or
 * a whole batch) before it hands it over.
 */
export function meterSocket(socket: Socket, limit: number, over: () => void): { stop(): void } {
  let received = 0;
  let fired = false;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (!fired && received > limit) {
      fired = true;
      over();
    }
  };
  socket.on('data', onData);
  return { stop: () => socket.off('data', onData) };
}
