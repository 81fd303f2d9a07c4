export * from './output-file';
export * from './gitops-app';
