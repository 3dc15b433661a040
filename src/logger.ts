import pino, { type Logger } from 'pino';
import { maskSecrets } from './exec/index.ts';

/**
 * The process logger: JSON lines, or pretty when stdout is a terminal. Every string that goes
 * through it has the known secret values masked, wherever in the object it sits.
 */
export function createLogger(level: string, secrets: readonly string[], pretty = process.stdout.isTTY): Logger {
  const mask = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return maskSecrets(v, secrets);
    if (depth > 4 || v === null || typeof v !== 'object') return v;
    if (v instanceof Error) return { type: v.name, message: maskSecrets(v.message, secrets) };
    if (Array.isArray(v)) return v.map((x) => mask(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x, depth + 1)]));
  };
  return pino({
    level,
    base: undefined,
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => mask(a)) as Parameters<typeof method>);
      },
    },
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
  });
}
