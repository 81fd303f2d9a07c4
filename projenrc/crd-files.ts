/**
 * The CRD files `imports/` is generated from, read in place from `../shared/crds/` (never copied
 * into the repository), and what is generated from each.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';

type Json = Record<string, any>;

/** A CRD file and the groups it defines. */
export interface CrdFile {
  /** The file, relative to the project root. */
  readonly file: string;
  /** The API groups its CRDs define, each naming a generated schema module. */
  readonly groups: readonly string[];
}

const SHARED = '../shared/crds';

/** Every CRD file we validate against: the bundled schemas cover every kind and version in them. */
export const CRD_FILES: CrdFile[] = [
  { file: `${SHARED}/emissary-crds.yaml`, groups: ['getambassador.io'] },
  // Edge Stack's own kinds (Filter, FilterPolicy, RateLimit, DevPortal, and the
  // gateway.getambassador.io group): real configuration uses them beside Emissary's. Where both
  // define a kind (DevPortal), Edge Stack's CRD is the one an Edge Stack install applies, and it
  // comes later here, so its versions replace Emissary's.
  { file: `${SHARED}/edge-stack-crds-3.10.2.yaml`, groups: ['getambassador.io', 'gateway.getambassador.io'] },
  { file: `${SHARED}/istio-peerauthentication.yaml`, groups: ['security.istio.io'] },
  { file: `${SHARED}/istio-authorizationpolicy.yaml`, groups: ['security.istio.io'] },
  { file: `${SHARED}/cert-manager-certificates.yaml`, groups: ['cert-manager.io'] },
  { file: `${SHARED}/consul-serviceintentions.yaml`, groups: ['consul.hashicorp.com'] },
  // GatewayClass, Gateway, HTTPRoute, BackendTLSPolicy and ReferenceGrant of the standard channel,
  // with their CEL rules (x-kubernetes-validations), which the check evaluates.
  { file: `${SHARED}/gateway-api-v1.5.1-standard.yaml`, groups: ['gateway.networking.k8s.io'] },
];

/** The CustomResourceDefinition documents of `file`, parsed; throws with the fix when it is missing. */
export function readCrds(file: string): Json[] {
  if (!fs.existsSync(file)) {
    throw new Error(`import: ${file} not found. Fix: the CRDs are read from ../shared beside the project root; `
      + 'regenerating imports/ needs them (synth and tests use the committed imports/ and do not)');
  }
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS())
    .filter((crd) => crd?.kind === 'CustomResourceDefinition');
}
