export { migrateText, MigratedText, MigrateOptions } from './rewrite';
export { Refusal, CONVERTED_KINDS } from './conversion';
export { migrateToGatewayApi, GatewayApiMigration, GatewayApiMigrationInput, GatewayApiMigrationOptions } from './gateway-api/migrate-gateway-api';
