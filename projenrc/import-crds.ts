/**
 * `npx projen import`: generates `imports/` from the CRDs in `../shared/crds/` (see crd-files.ts).
 *
 * - TypeScript classes with `cdk8s import`, for the kinds and versions the constructs emit. The
 *   CRDs are filtered into a temporary directory, one file per API version, so each version
 *   becomes its own module with plain class names (`Mapping`, not `MappingV3Alpha1`).
 * - Validation schemas of every kind and version in those files (schema-bundle.ts), so synth,
 *   tests and the validation plugin need nothing outside the package.
 *
 * Same input, same output: the CLI is pinned and the temporary paths do not reach the code. CI
 * regenerates imports/ when ../shared is there and fails on any difference.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { CRD_FILES, readCrds } from './crd-files';
import { writeSchemaBundles } from './schema-bundle';

interface ClassImport {
  /** Module name: the generated file is renamed to `imports/<module>.ts`. */
  readonly module: string;
  /** CRD files, relative to the project root. */
  readonly files: string[];
  /** `spec.names.kind` of the CRDs to keep. */
  readonly kinds: string[];
  /** The one API version to keep. */
  readonly version: string;
}

const AMBASSADOR_CRDS = '../shared/crds/emissary-crds.yaml';
const AMBASSADOR_KINDS = ['Mapping', 'TLSContext', 'Host', 'ConsulResolver', 'Module'];
const GATEWAY_API_CRDS = '../shared/crds/gateway-api-v1.5.1-standard.yaml';

const CLASS_IMPORTS: ClassImport[] = [
  { module: 'getambassador.io-v2', files: [AMBASSADOR_CRDS], kinds: AMBASSADOR_KINDS, version: 'v2' },
  { module: 'getambassador.io-v3alpha1', files: [AMBASSADOR_CRDS], kinds: AMBASSADOR_KINDS, version: 'v3alpha1' },
  // v1beta1: served by every Istio release from 1.5 on, old and new certificate sources alike
  // (AuthorizationPolicy's v1beta1 schema is the same as v1's).
  {
    module: 'security.istio.io-v1beta1',
    files: ['../shared/crds/istio-peerauthentication.yaml', '../shared/crds/istio-authorizationpolicy.yaml'],
    kinds: ['PeerAuthentication', 'AuthorizationPolicy'],
    version: 'v1beta1',
  },
  { module: 'cert-manager.io-v1', files: ['../shared/crds/cert-manager-certificates.yaml'], kinds: ['Certificate'], version: 'v1' },
  { module: 'consul.hashicorp.com-v1alpha1', files: ['../shared/crds/consul-serviceintentions.yaml'], kinds: ['ServiceIntentions'], version: 'v1alpha1' },
  // The Gateway API's standard channel at v1.5.1, the first release whose v1 Gateway carries the
  // backend client certificate (spec.tls.backend, GEP-3155) and whose ReferenceGrant is v1; the
  // kinds the gateway-api target emits (GatewayClass is the implementation's to install).
  {
    module: 'gateway.networking.k8s.io-v1',
    files: [GATEWAY_API_CRDS],
    kinds: ['Gateway', 'HTTPRoute', 'BackendTLSPolicy', 'ReferenceGrant'],
    version: 'v1',
  },
];

function filterCrds(files: string[], kinds: string[], version: string): { yaml: string; group: string } {
  const kept: any[] = [];
  for (const crd of files.flatMap(readCrds)) {
    if (!kinds.includes(crd.spec.names.kind)) continue;
    const versions = crd.spec.versions.filter((v: { name: string }) => v.name === version);
    if (versions.length === 0) continue;
    kept.push({ ...crd, spec: { ...crd.spec, versions } });
  }
  const found = kept.map((c: any) => c.spec.names.kind);
  const missing = kinds.filter((k) => !found.includes(k));
  if (missing.length > 0) {
    throw new Error(`import: ${files.join(', ')} define no ${version} CRD for ${missing.join(', ')}`);
  }
  return { yaml: kept.map((c) => stringify(c)).join('---\n'), group: kept[0].spec.group };
}

function importClasses() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
  try {
    for (const imp of CLASS_IMPORTS) {
      const filtered = path.join(tmp, `${imp.module}.yaml`);
      const { yaml, group } = filterCrds(imp.files, imp.kinds, imp.version);
      fs.writeFileSync(filtered, yaml);
      execFileSync(
        'cdk8s',
        ['import', `${imp.module}:=${filtered}`, '--output', 'imports', '--no-save', '--no-check-upgrade', '--language', 'typescript'],
        { stdio: 'inherit' },
      );
      // The CLI appends the group to the module name; keep the file named for the module.
      fs.renameSync(path.join('imports', `${imp.module}-${group}.ts`), path.join('imports', `${imp.module}.ts`));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

importClasses();
for (const file of writeSchemaBundles(CRD_FILES, path.join('imports', 'schemas'))) {
  console.log(`wrote ${file}`);
}
