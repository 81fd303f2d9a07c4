/**
 * Annotations this library writes on the objects it emits, read back by the validation rules.
 * Emissary and Kubernetes ignore them.
 */

/**
 * On a Mapping whose `tls` names a TLSContext installed outside the app (`TlsContext.fromName()`):
 * the context's name. The validation rules then do not expect to find that TLSContext among the
 * manifests. Hand-written YAML may carry it too, to say the same.
 */
export const EXTERNAL_TLS_CONTEXT_ANNOTATION = 'cdk8s-ambassador-mtls/external-tls-context';

/** Like `EXTERNAL_TLS_CONTEXT_ANNOTATION`, for a `resolver` installed outside the app. */
export const EXTERNAL_RESOLVER_ANNOTATION = 'cdk8s-ambassador-mtls/external-resolver';
