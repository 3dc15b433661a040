export { configSchema, type Config, type ActionSpec } from './schema.ts';
export { loadConfig, actionSpecs, secretValues, ConfigError, SECRET_ENV } from './load.ts';
