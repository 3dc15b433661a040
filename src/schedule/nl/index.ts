// Natural-language schedules (en, zh): text in, schedule + window + task text + description out.
export { parseSchedule, type ParseOptions, type ParseResult } from './parse.ts';
export { describeSchedule, formatNext } from './describe.ts';
export { parseToJson } from './json.ts';
