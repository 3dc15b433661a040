export { configSchema, type Config, type ActionSpec } from './schema.ts';
export { loadConfig, actionSpecs, databaseOptions, secretValues, ConfigError, SECRET_ENV } from './load.ts';
