export * from './errors';
export * from './names';
export * from './container-image';
export * from './annotations';
export * from './kube-object';
export * from './duplicate-objects';
