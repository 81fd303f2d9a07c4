export * from './crd-schemas';
export { closeObjects } from './close-objects';
export * from './rules';
export * from './validation-plugin';
export * from './check-manifests';
