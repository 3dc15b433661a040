export { parseDuration, formatDuration } from './duration.ts';
export { compileCron, nextCron } from './cron.ts';
export { slotAfter, nextInWindow, nextRuns, validateSchedule } from './next.ts';
export { isValidTimezone, assertTimezone, wallTime, fromWallTime, offsetMinutes, toZonedIso, type WallTime } from './zone.ts';
export { parseSchedule, describeSchedule, formatNext, parseToJson, type ParseOptions, type ParseResult } from './nl/index.ts';
export { jitterDelay } from './jitter.ts';
