export * from './crd-schemas';
export * from './mtls-rules';
export * from './validation-plugin';
