import * as path from 'path';
import { ambassadorIdsOf, connectorSecretOf, envValue, listOf, ManifestDocument, ManifestModel, nameOf, objectOf, RESOLVER_KINDS, textOf } from './model';
import { ManifestRule } from './rule';


/** Reports the second of two objects of `kinds` with one name, read by one Ambassador, in different namespaces. */
function uniqueNames(model: ManifestModel, kinds: string[], what: string, report: (m: ManifestDocument, message: string, fix: string) => void) {
  const seen = new Map<string, ManifestDocument>();
  for (const m of model.ambassador.filter((x) => kinds.includes(x.doc.kind))) {
    for (const id of ambassadorIdsOf(m.doc)) {
      const first = seen.get(`${id}/${nameOf(m)}`);
      if (first === undefined) {
        seen.set(`${id}/${nameOf(m)}`, m);
      } else if (first.doc.metadata?.namespace !== m.doc.metadata?.namespace) {
        report(m, `${what} "${nameOf(m)}" is also defined in namespace ${first.doc.metadata?.namespace ?? '(unset)'} for Ambassador "${id}": Emissary keeps one ${what} per name whatever the namespace, renames the other and binds every reference to one of them`,
          'give each its own name');
        break;
      }
    }
  }
}

/** Rules about TLSContexts and resolvers across the manifests. */
export const CONTEXT_RULES: ManifestRule[] = [
  {
    id: 'tlscontext-name-unique',
    summary: 'TLSContext names are unique per Ambassador across namespaces (Emissary keys them by name)',
    severity: 'error',
    check: (model, report) => uniqueNames(model, ['TLSContext'], 'TLSContext', report),
  },
  {
    id: 'resolver-name-unique',
    summary: 'resolver names are unique per Ambassador across namespaces (Emissary keys them by name)',
    severity: 'error',
    check: (model, report) => uniqueNames(model, RESOLVER_KINDS, 'resolver', report),
  },
  {
    id: 'module-unique',
    summary: 'one ambassador Module per Ambassador (Emissary reads the first it finds by name, whatever the namespace)',
    severity: 'error',
    check: (model, report) => uniqueNames(model, ['Module'], 'Module', report),
  },
  {
    id: 'tlscontext-files-mounted',
    summary: 'the files a TLSContext names are under a volume mount of the Ambassador Deployment (when the manifests have one)',
    severity: 'error',
    check: (model, report) => {
      if (model.ambassadorDeployments.length === 0) return;
      // Normalised, so "/etc/istiocerts/../secrets/key.pem" is not taken for a file under /etc/istiocerts.
      const mounts = model.ambassadorDeployments.flatMap((d) => d.containers.flatMap((c) => listOf(c.volumeMounts).map((v) => path.posix.normalize(`${objectOf(v).mountPath}/`))));
      for (const c of model.contexts) {
        for (const field of ['cert_chain_file', 'private_key_file', 'cacert_chain_file']) {
          const file = objectOf(c.doc.spec)[field];
          if (typeof file !== 'string') continue;
          const normalised = path.posix.normalize(file);
          if (!mounts.some((mount) => normalised.startsWith(mount) && normalised !== mount)) {
            report(c, `${field} ${file} is under no volume mount of the Ambassador Deployment(s) in the manifests`,
              'mount the certificates there (IstioMtls does), or point the TLSContext at the mounted path');
          }
        }
      }
    },
  },
  {
    id: 'tlscontext-ca-secret-not-client',
    summary: 'a TLSContext\'s ca_secret is not its own client secret (Emissary would trust that leaf certificate alone, silently), unless a Consul connector writes it with its CA',
    severity: 'error',
    check: (model, report) => {
      // irtlscontext.py takes a ca_secret's tls.crt as the trust anchor: the client Secret's is
      // the leaf itself, and the ca.crt beside it (cert-manager's) is never read. The Consul
      // connector's Secret is the exception: its tls.crt is the leaf followed by the Consul root
      // (createCertificateChain in cmd/consul_connect_integration/main.go).
      const qualified = (value: unknown, namespace: unknown) => (textOf(value).includes('.') ? textOf(value) : `${textOf(value)}.${textOf(namespace ?? '')}`);
      const connectorSecrets = model.connectors.map((m) => {
        const { name, namespace } = connectorSecretOf(m);
        return `${name}.${namespace ?? ''}`;
      });
      for (const c of model.contexts) {
        const spec = objectOf(c.doc.spec);
        if (spec.ca_secret === undefined || spec.secret === undefined) continue;
        const secret = qualified(spec.secret, c.doc.metadata?.namespace);
        if (qualified(spec.ca_secret, c.doc.metadata?.namespace) === secret && !connectorSecrets.includes(secret)) {
          report(c, `ca_secret "${spec.ca_secret}" is the TLSContext's own client secret: Emissary would trust its leaf tls.crt, not the CA that signed the upstream`,
            'give ca_secret a Secret holding the CA under tls.crt, or mount the CA and use cacert_chain_file');
        }
      }
    },
  },
  {
    id: 'istio-certs-namespace',
    summary: 'a TLSContext reading istio-certs names it in the namespace Ambassador makes it in (when the manifests have that Ambassador)',
    severity: 'error',
    check: (model, report) => {
      // Emissary's entrypoint makes istio-certs in AMBASSADOR_NAMESPACE (cmd/entrypoint/istiocert.go),
      // which Ambassador's manifests set to its own namespace.
      const namespaces = model.ambassadorDeployments
        .filter((d) => d.containers.some((c) => envValue(c, 'AMBASSADOR_ISTIO_SECRET_DIR') !== undefined))
        .map((d) => d.containers.map((c) => envValue(c, 'AMBASSADOR_NAMESPACE')).find((n) => n !== undefined) ?? d.doc.metadata?.namespace);
      if (namespaces.length === 0 || namespaces.includes(undefined)) return;
      for (const c of model.contexts) {
        const [name, qualified] = textOf(objectOf(c.doc.spec).secret ?? '').split('.');
        if (name !== 'istio-certs') continue;
        const namespace = qualified ?? c.doc.metadata?.namespace;
        if (!namespaces.includes(namespace)) {
          report(c, `secret "${objectOf(c.doc.spec).secret}" is read in namespace ${namespace ?? '(unset)'}, but Emissary makes istio-certs in Ambassador's namespace (${namespaces.join(', ')})`,
            `write secret: istio-certs.${namespaces[0]}, or put the TLSContext in namespace ${namespaces[0]}`);
        }
      }
    },
  },
  {
    id: 'connector-secret-read',
    summary: 'the Secret a Consul connector writes is the one a TLSContext reads',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.connectors) {
        const { name: secret, namespace: secretNamespace } = connectorSecretOf(m);
        const reads = model.contexts.some((c) => {
          const [name, ns] = textOf(objectOf(c.doc.spec).secret ?? '').split('.');
          return name === secret && (ns ?? c.doc.metadata?.namespace) === secretNamespace;
        });
        if (!reads) {
          report(m, `the connector writes Secret "${secret}"${secretNamespace ? ` in "${secretNamespace}"` : ''}, which no TLSContext in the manifests reads`,
            `give a TLSContext secret: ${secret}${secretNamespace ? ` (or ${secret}.${secretNamespace} from another namespace)` : ''}, or use ConsulConnector.tlsContext`);
        }
      }
    },
  },
];
