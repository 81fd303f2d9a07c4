/**
 * The CRD files `imports/` is generated from, read in place from `../shared/crds/` (never copied
 * into the repository), and what is generated from each.
 */
import * as fs from 'fs';
import { parseAllDocuments } from 'yaml';

type Json = Record<string, any>;

/** A CRD file and the group it defines. */
export interface CrdFile {
  /** The file, relative to the project root. */
  readonly file: string;
  /** The API group its CRDs define, which names the generated schema module. */
  readonly group: string;
}

const SHARED = '../shared/crds';

/** Every CRD file we validate against: the bundled schemas cover every kind and version in them. */
export const CRD_FILES: CrdFile[] = [
  { file: `${SHARED}/emissary-crds.yaml`, group: 'getambassador.io' },
  { file: `${SHARED}/istio-peerauthentication.yaml`, group: 'security.istio.io' },
  { file: `${SHARED}/istio-authorizationpolicy.yaml`, group: 'security.istio.io' },
  { file: `${SHARED}/cert-manager-certificates.yaml`, group: 'cert-manager.io' },
  { file: `${SHARED}/consul-serviceintentions.yaml`, group: 'consul.hashicorp.com' },
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
