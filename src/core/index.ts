export * from './errors';
export * from './validators';
export * from './container-image';
export * from './annotations';
export * from './kube-object';
export * from './duplicate-objects';
export * from './construct-args';
export * from './emissary-syntax';
