// The public API, by responsibility (each folder's index.ts lists what it exports).
export * from './resources';
export * from './pod-wiring';
export * from './istio';
export * from './consul';
export * from './gitops';
export * from './validation';
