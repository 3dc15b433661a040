import pino, { type DestinationStream, type Logger } from 'pino';
import { maskSecrets } from './exec/index.ts';

/**
 * The process logger: JSON lines, or pretty when stdout is a terminal. Every string that goes
 * through it has the known secret values masked, wherever in the object it sits. An Error is
 * logged whole (type, message, stack, code, cause) through pino's err serializer: an unexpected
 * error without its stack cannot be traced.
 */
export function createLogger(level: string, secrets: readonly string[], pretty = process.stdout.isTTY, destination?: DestinationStream): Logger {
  const mask = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return maskSecrets(v, secrets);
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (v instanceof Error) return mask(pino.stdSerializers.err(v), depth + 1);
    if (Array.isArray(v)) return v.map((x) => mask(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(x, depth + 1)]));
  };
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    // The hook below has serialized (and masked) errors already; serializing again would turn the
    // plain object into type "Object".
    serializers: { err: (e: unknown) => (e instanceof Error ? pino.stdSerializers.err(e) : e) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => mask(a)) as Parameters<typeof method>);
      },
    },
    transport: pretty && !destination ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
