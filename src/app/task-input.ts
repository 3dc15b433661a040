import { z } from 'zod';

const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration such as 30s, 2m, 1h or 7d');
const instant = z.union([z.number().int(), z.string().min(1)]);

/** A task as callers describe it: structured schedule (cron / every / at) or text to parse. */
export const taskInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    content: z.string().max(4000).optional(),
    /** Natural language, read exactly as a chat message would be ("every 2 seconds hello"). */
    text: z.string().max(1000).optional(),
    cron: z.string().max(200).optional(),
    every: duration.optional(),
    at: z.string().max(60).optional(),
    tz: z.string().max(64).optional(),
    startAt: instant.optional(),
    endAt: instant.optional(),
    maxRuns: z.number().int().min(1).optional(),
    mode: z.enum(['message', 'command', 'message+command']).optional(),
    /** A named action from the operator's config. */
    action: z.string().max(40).optional(),
    /** An argv (operators only). */
    command: z.array(z.string().max(4000)).min(1).max(200).optional(),
    misfire: z.enum(['skip', 'once', 'all']).optional(),
    misfireGraceMs: z.number().int().min(0).optional(),
    overlap: z.enum(['skip', 'queue', 'parallel']).optional(),
    overlapMax: z.number().int().min(1).max(100).optional(),
    retries: z.number().int().min(0).max(20).optional(),
    backoffMs: z.number().int().min(0).optional(),
    timeoutMs: z.number().int().min(100).max(24 * 3_600_000).optional(),
    notifyUrls: z.array(z.string().url().max(1000)).max(10).optional(),
    chase: z
      .object({ every: duration, max: z.number().int().min(1).optional(), until: z.string().regex(/^\d{1,2}:\d{2}$/).optional(), closeOnNext: z.boolean().optional() })
      .nullable()
      .optional(),
    owner: z.object({ id: z.string().max(191), name: z.string().max(200) }).nullable().optional(),
    chat: z.object({ platform: z.string().max(32), chatId: z.string().max(191) }).nullable().optional(),
    /** A SQL task: the statement, run on `connection` (a name from the configuration's sql.connections). */
    sql: z.string().trim().min(1).max(20_000).optional(),
    connection: z.string().max(40).optional(),
    /** A runner label: the action runs on a remote runner carrying it (resolved in the runner's configuration). */
    runOn: z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'a runner label: letters, digits, dot, dash, underscore').nullable().optional(),
    /** Spread each start by up to this long ("30s"); the delay is the same on every replica. */
    jitter: duration.nullable().optional(),
    /** A task of the same chat that gets a run when a run of this one succeeds. */
    then: z.number().int().min(1).nullable().optional(),
    /** A task of the same chat that gets a run when a run of this one fails for good. */
    onFailure: z.number().int().min(1).nullable().optional(),
    /** Who may close an occurrence (Done / Snooze / Skip buttons, /done): owner (and admins), admins, anyone (the default). */
    closers: z.enum(['owner', 'admins', 'anyone']).optional(),
  })
  .strict();

/** Validated task input. */
export type TaskInput = z.infer<typeof taskInputSchema>;
