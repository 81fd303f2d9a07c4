export * from './istio-certificates';
export * from './istio-mtls';
export * from './istio-strict-mtls';
export * from './istio-authorization';
export { IstioWorkload } from './istio-workload';
