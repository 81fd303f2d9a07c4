export { migrateText, MigratedText, MigrateOptions } from './rewrite';
export { Refusal, CONVERTED_KINDS } from './conversion';
