export * from './issuer';
export * from './private-key';
export * from './upstream-trust';
export { CertificateIdentity } from './certificate-identity';
export * from './cert-manager-mtls';
export * from './cert-manager-mtls-props';
