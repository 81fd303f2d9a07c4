import { stringify } from 'yaml';
import { AmbassadorPodPatch } from '../pod-wiring/pod-patch';

/**
 * The Ambassador pod with the `istio.default` Secret (Istio before 1.5) mounted read-only,
 * optional so the pod starts before Istio has written it.
 */
export function mountedSecretPatch(secretName: string, volumeName: string, mountPath: string): AmbassadorPodPatch {
  return {
    podLabels: {},
    podAnnotations: {},
    volumes: [{ name: volumeName, secret: { secretName, optional: true } }],
    volumeMounts: [{ name: volumeName, mountPath, readOnly: true }],
    env: {},
  };
}

/**
 * The Ambassador pod with an Istio sidecar that writes the workload certificates to an in-memory
 * volume, as Emissary's Istio guide (howtos/istio, Istio 1.10 and later) wires it:
 * - injection asked for on the pod: the label `sidecar.istio.io/inject: "true"` (or
 *   `istio.io/rev: <revision>` for a revisioned control plane) and the annotation
 *   `sidecar.istio.io/inject: "true"`, which overrides the `"false"` that Emissary's static
 *   install YAML carries (Istio's injector prefers the label where both exist);
 * - the sidecar captures no traffic (`includeInboundPorts`/`includeOutboundIPRanges` empty): it
 *   is only there to fetch certificates;
 * - `proxy.istio.io/config` sets `OUTPUT_CERTS`, where the agent writes key.pem, cert-chain.pem
 *   and root-cert.pem (Istio's Prometheus integration reads root-cert.pem from there the same
 *   way), into the volume the sidecar mounts through `sidecar.istio.io/userVolumeMount`;
 * - `AMBASSADOR_ISTIO_SECRET_DIR` makes Emissary's entrypoint turn those files into the
 *   `istio-certs` secret (cmd/entrypoint/istiocert.go); `AMBASSADOR_ENVOY_BASE_ID=1` keeps
 *   Ambassador's Envoy from clashing with the sidecar's shared memory.
 * Annotation values are serialized from their parts (YAML, JSON), never concatenated.
 */
export function sidecarPatch(volumeName: string, certDir: string, mountPath: string, revision: string | undefined): AmbassadorPodPatch {
  return {
    podLabels: revision === undefined ? { 'sidecar.istio.io/inject': 'true' } : { 'istio.io/rev': revision },
    podAnnotations: {
      'sidecar.istio.io/inject': 'true',
      'traffic.sidecar.istio.io/includeInboundPorts': '',
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '',
      'proxy.istio.io/config': stringify({ proxyMetadata: { OUTPUT_CERTS: certDir } }),
      'sidecar.istio.io/userVolumeMount': JSON.stringify([{ name: volumeName, mountPath: certDir }]),
    },
    volumes: [{ name: volumeName, emptyDir: { medium: 'Memory' } }],
    volumeMounts: [{ name: volumeName, mountPath, readOnly: true }],
    env: { AMBASSADOR_ISTIO_SECRET_DIR: certDir, AMBASSADOR_ENVOY_BASE_ID: '1' },
  };
}
