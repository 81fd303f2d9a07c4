import * as path from 'path';
import { ambassadorIdsOf, ManifestDocument, ManifestModel, nameOf, specOf } from './model';
import { EMISSARY_1_ONLY, FROM_EMISSARY_2, ManifestRule } from './rule';
import { isDnsLabel, isDnsSubdomain } from '../../core/validators';

const spec = specOf;
const FILE_FIELDS = ['cert_chain_file', 'private_key_file', 'cacert_chain_file'] as const;
const TLS_VERSIONS = ['v1.0', 'v1.1', 'v1.2', 'v1.3'];

/** The TLSContexts some Mapping or TCPMapping of the manifests originates TLS with. */
const usedUpstream = (model: ManifestModel) => new Set<unknown>([...model.mappings, ...model.tcpMappings].map((m) => spec(m).tls).filter((t) => typeof t === 'string'));

/** The rules about one TLSContext's own fields, as the TlsContext construct checks them. */
export const TLS_CONTEXT_RULES: ManifestRule[] = [
  {
    id: 'tlscontext-certificate',
    summary: 'a TLSContext has one certificate source (secret, or cert_chain_file with private_key_file) and one CA source',
    severity: 'error',
    check: (model, report) => {
      for (const c of model.contexts) {
        const s = spec(c);
        const files = ['cert_chain_file', 'private_key_file'].filter((f) => s[f] !== undefined);
        if (s.secret !== undefined && files.length > 0) {
          report(c, `secret "${s.secret}" is given together with ${files.join(', ')}: Emissary takes the Secret and ignores the files`, 'keep one certificate source', { at: ['spec', files[0]] });
        } else if (files.length === 1) {
          const [given, missing] = files[0] === 'cert_chain_file' ? ['cert_chain_file', 'private_key_file'] : ['private_key_file', 'cert_chain_file'];
          report(c, `${given} is given without ${missing}: Emissary cannot present a certificate without both`, `set ${missing} too (or use a kubernetes.io/tls secret)`, { at: ['spec', given] });
        }
        if (s.ca_secret !== undefined && s.cacert_chain_file !== undefined) {
          report(c, `ca_secret "${s.ca_secret}" is given together with cacert_chain_file`, 'keep one CA source', { at: ['spec', 'ca_secret'] });
        }
      }
    },
  },
  {
    id: 'tlscontext-files',
    summary: 'the files a TLSContext names are absolute file paths, without "..", spaces or a trailing "/"',
    severity: 'error',
    check: (model, report) => {
      for (const c of model.contexts) {
        for (const field of FILE_FIELDS) {
          const file = spec(c)[field];
          if (file === undefined) continue;
          if (typeof file !== 'string' || !file.startsWith('/') || file.endsWith('/') || /\s/.test(file) || path.posix.normalize(file) !== file) {
            report(c, `${field} ${JSON.stringify(file)} is not an absolute file path (Emissary reads it inside its pod as written)`,
              'give the absolute path of the file where it is mounted, for example /etc/istiocerts/cert-chain.pem', { at: ['spec', field] });
          }
        }
      }
    },
  },
  {
    id: 'tlscontext-secret-name',
    summary: 'a TLSContext\'s secret and ca_secret are Secret names (name, or name.namespace)',
    severity: 'error',
    check: (model, report) => {
      for (const c of model.contexts) {
        for (const field of ['secret', 'ca_secret', 'crl_secret']) {
          const value = spec(c)[field];
          if (value === undefined || typeof value !== 'string') continue;
          const [name, namespace, ...rest] = value.split('.');
          // With secret_namespacing (the default) Emissary reads "name.namespace"; without it, the whole value is the name.
          const valid = spec(c).secret_namespacing === false ? isDnsSubdomain(value)
            : rest.length === 0 && isDnsSubdomain(name) && (namespace === undefined || isDnsLabel(namespace));
          if (!valid) {
            report(c, `${field} ${JSON.stringify(value)} is not a Secret name (name, or name.namespace): Emissary would look up a Secret that cannot exist`,
              'give the Secret\'s name, and its namespace after a "." when it is another namespace', { at: ['spec', field] });
          }
        }
      }
    },
  },
  {
    id: 'tlscontext-tls-versions',
    summary: 'a TLSContext\'s min_tls_version is not above its max_tls_version, and a maximum below v1.2 comes with a minimum (Envoy\'s upstream default minimum is v1.2)',
    severity: 'error',
    check: (model, report) => {
      for (const c of model.contexts) {
        const { min_tls_version: min, max_tls_version: max } = spec(c);
        if (TLS_VERSIONS.includes(min) && TLS_VERSIONS.includes(max) && TLS_VERSIONS.indexOf(min) > TLS_VERSIONS.indexOf(max)) {
          report(c, `min_tls_version "${min}" is above max_tls_version "${max}": no version is left to speak`, 'lower min_tls_version or raise max_tls_version', { at: ['spec', 'min_tls_version'] });
        } else if (min === undefined && TLS_VERSIONS.includes(max) && TLS_VERSIONS.indexOf(max) < 2 && usedUpstream(model).has(nameOf(c))) {
          report(c, `max_tls_version "${max}" is below v1.2, Envoy's default minimum for upstream connections, so no version is left`,
            `set min_tls_version too if the upstream really speaks only ${max}, or raise max_tls_version`, { at: ['spec', 'max_tls_version'] });
        }
      }
    },
  },
  {
    id: 'tlscontext-upstream-alpn',
    summary: 'a TLSContext a Mapping originates TLS with offers one ALPN protocol (Emissary passes alpn_protocols upstream as a single protocol id)',
    severity: 'error',
    check: (model, report) => {
      const used = usedUpstream(model);
      for (const c of model.contexts) {
        const alpn = spec(c).alpn_protocols;
        if (typeof alpn !== 'string' || !used.has(nameOf(c)) || /^[!-+\--~]{1,255}$/.test(alpn)) continue;
        report(c, `alpn_protocols ${JSON.stringify(alpn)} lists several protocols (or a space), but a Mapping originates TLS with this context and Emissary offers the value upstream as one protocol id (envoy/v3/v3tls.py)`,
          'give one protocol id, for example istio (Istio\'s sidecars need it) or h2', { at: ['spec', 'alpn_protocols'] });
      }
    },
  },
  {
    id: 'tlscontext-sni',
    summary: 'a TLSContext\'s sni is a DNS name (no IP address, wildcard or port)',
    severity: 'error',
    check: (model, report) => {
      for (const c of model.contexts) {
        const sni = spec(c).sni;
        if (sni === undefined) continue;
        if (typeof sni !== 'string' || !isDnsSubdomain(sni.replace(/\.$/, '').toLowerCase()) || /^[\d.]+$/.test(sni)) {
          report(c, `sni ${JSON.stringify(sni)} is not a DNS name (SNI carries no IP address, wildcard or port, RFC 6066)`, 'give the upstream\'s host name, for example web.apps.svc.cluster.local', { at: ['spec', 'sni'] });
        }
      }
    },
  },
  {
    id: 'tlscontext-without-host',
    summary: 'a TLSContext that terminates TLS (hosts) has a Host for its Ambassador: with none, Emissary 2.x and later ignore it',
    severity: 'error',
    releases: FROM_EMISSARY_2,
    check: (model, report) => {
      for (const c of model.contexts) {
        const hosts = spec(c).hosts;
        if (!Array.isArray(hosts) || hosts.length === 0) continue;
        const hostless = ambassadorIdsOf(c.doc).filter((id) => !model.hosts.some((h) => ambassadorIdsOf(h.doc).includes(id)));
        if (hostless.length > 0) {
          report(c, `hosts ${JSON.stringify(hosts)} terminate TLS, but no Host exists for Ambassador ${hostless.join(', ')}: Emissary reports "No Hosts defined, but TLSContexts exist that terminate TLS. The TLSContexts are being ignored."`,
            'define a Host for those hostnames (its tlsContext or tlsSecret terminating TLS), or remove hosts', { at: ['spec', 'hosts'] });
        }
      }
    },
  },
  {
    id: 'tlscontext-hosts-unique',
    summary: 'no two TLSContexts claim one host for one Ambassador (Ambassador 1.x terminates TLS with TLSContexts and reports the second)',
    severity: 'error',
    releases: EMISSARY_1_ONLY,
    check: (model, report) => {
      const claimed = new Map<string, ManifestDocument>();
      for (const c of model.contexts) {
        const hosts = spec(c).hosts;
        if (!Array.isArray(hosts)) continue;
        for (const id of ambassadorIdsOf(c.doc)) {
          const taken = hosts.map((h) => [h, claimed.get(`${id} ${h}`)] as const).find(([, first]) => first !== undefined && first !== c);
          if (taken) {
            report(c, `claims host ${JSON.stringify(taken[0])}, which TLSContext ${nameOf(taken[1]!)} already claims for Ambassador "${id}": Ambassador reports "TLSContext ... claims hostname ..., which was already claimed" and ignores this one`,
              'terminate each host with one TLSContext', { at: ['spec', 'hosts'] });
            break;
          }
          for (const h of hosts) if (!claimed.has(`${id} ${h}`)) claimed.set(`${id} ${h}`, c);
        }
      }
    },
  },
];
