import { z } from 'zod';

/** Per-chat and per-user limits that keep one chat (or one person) from swamping the service. */
export const limitsSchema = z
  .object({
    /** Tasks a chat may hold that are still active or paused. */
    tasksPerChat: z.number().int().min(1).default(100),
    /** Commands one person may send in any 60 s (per replica). */
    commandsPerUserPerMinute: z.number().int().min(1).default(20),
    /** Commands one chat may send in any 60 s (per replica). */
    commandsPerChatPerMinute: z.number().int().min(1).default(60),
    /** Longest chat message the bot reads, in characters. */
    maxMessageChars: z.number().int().min(100).default(4000),
  })
  .default({ tasksPerChat: 100, commandsPerUserPerMinute: 20, commandsPerChatPerMinute: 60, maxMessageChars: 4000 });

/** Validated limits. */
export type Limits = z.infer<typeof limitsSchema>;
