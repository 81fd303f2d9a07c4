export * from './crd-schemas';
export { closeObjects } from './close-objects';
export * from './mtls-rules';
export * from './validation-plugin';
