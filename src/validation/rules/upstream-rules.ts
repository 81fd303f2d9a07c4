import { ambassadorIdsOf, connectorSecretOf, envValue, Json, listOf, ManifestDocument, ManifestModel, objectOf, specOf, textOf } from './model';
import { ManifestRule } from './rule';
import { moduleKeyProblem, moduleValueProblem } from '../../core/module-settings';

const spec = specOf;

/** The host of a Mapping's service (`[scheme://]host[:port]`), as written. */
const serviceHost = (service: unknown): string => /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?(\[[^\]]*\]|[^:/]*)/.exec(textOf(service ?? ''))?.[1] ?? '';

/** The config of the ambassador Module of the Ambassadors that read `m`, or {}. */
const moduleConfig = (model: ManifestModel, m: ManifestDocument): Json => {
  const ids = ambassadorIdsOf(m.doc);
  const module = model.modules.find((mod) => ambassadorIdsOf(mod.doc).some((id) => ids.includes(id)));
  return module ? objectOf(spec(module).config) : {};
};

/** Whether a Mapping sends l5d-dst-override: its own add_linkerd_headers, else the Module's (irhttpmapping.py). */
const sendsLinkerdHeader = (m: ManifestDocument, model: ManifestModel): boolean =>
  spec(m).add_linkerd_headers === true || (spec(m).add_linkerd_headers === undefined && moduleConfig(model, m).add_linkerd_headers === true);

/**
 * The rules about how Emissary and the meshes read a Mapping's host and upstream, and the
 * ambassador Module's settings (issue 19): what compiles cleanly and still routes nowhere, or
 * somewhere else than meant.
 */
export const UPSTREAM_RULES: ManifestRule[] = [
  {
    id: 'mapping-host-case',
    summary: 'a Mapping\'s host or hostname is in lower case (Emissary matches it as an exact, case-sensitive :authority, and clients send lower case)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        for (const field of ['hostname', 'host'] as const) {
          const host = spec(m)[field];
          if (typeof host !== 'string' || host === host.toLowerCase() || (field === 'host' && spec(m).host_regex === true)) continue;
          // Emissary's compiler writes the host as `:authority` string_match exact (or prefix/suffix
          // for a glob), which Envoy compares case-sensitively.
          report(m, `${field} "${host}" has upper-case letters, but Emissary matches it against the request's :authority exactly, case included, and clients send host names in lower case: `
            + 'no request would match', `write "${host.toLowerCase()}"`, { at: ['spec', field] });
        }
      }
    },
  },
  {
    id: 'mapping-ipv6',
    summary: 'a Mapping to an IPv6 literal sets enable_ipv6 (or the ambassador Module does): else Emissary makes its cluster V4_ONLY, which finds no endpoint',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const s = spec(m);
        if (!serviceHost(s.service).startsWith('[') || s.enable_ipv6 === true || (s.enable_ipv6 === undefined && moduleConfig(model, m).enable_ipv6 === true)) continue;
        // envoy/v3/v3cluster.py (v2cluster.py in 1.x): dns_lookup_family V4_ONLY unless enable_ipv6.
        report(m, `service "${textOf(s.service)}" is an IPv6 address, but without enable_ipv6 Emissary makes its cluster V4_ONLY, which resolves it to no endpoint`,
          'set enable_ipv6: true on the Mapping', { at: ['spec', 'service'] });
      }
    },
  },
  {
    id: 'module-config',
    summary: 'the ambassador Module\'s settings are of the type Emissary hands on to Envoy, and none is a near-miss of a setting Emissary knows (it ignores those silently)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.modules) {
        for (const [key, value] of Object.entries(objectOf(spec(m).config))) {
          const problem = moduleKeyProblem(key) ?? moduleValueProblem(key, value);
          if (problem) {
            report(m, `config.${key} ${moduleKeyProblem(key) ? '' : `${JSON.stringify(value)} `}${problem.message}`, problem.fix, { at: ['spec', 'config', key] });
          }
        }
      }
    },
  },
  {
    id: 'linkerd-header-relay',
    summary: 'a Mapping that sends l5d-dst-override removes a client\'s own first (remove_request_headers): Linkerd\'s proxy in ingress mode routes by it, an open relay',
    severity: 'warning',
    check: (model, report) => {
      // Linkerd's ingress guide: an ingress meshed in ingress mode must strip l5d-dst-override, or
      // clients choose the destination; Emissary appends its own without removing theirs.
      const ingressMode = model.ambassadorDeployments.some((d) => objectOf(objectOf(d.doc.spec?.template?.metadata).annotations)['linkerd.io/inject'] === 'ingress');
      for (const m of model.mappings) {
        if (!sendsLinkerdHeader(m, model) || listOf(spec(m).remove_request_headers).map((h) => textOf(h).toLowerCase()).includes('l5d-dst-override')) continue;
        report(m, `sends l5d-dst-override (add_linkerd_headers) without removing a client's own: ${ingressMode ? 'Ambassador\'s pod is meshed in ingress mode, where' : 'in Linkerd\'s ingress mode'} `
          + 'the proxy routes by that header, so a client could send requests anywhere in the mesh', 'add remove_request_headers: [l5d-dst-override] (Envoy removes before it adds)',
        { at: ['spec'], severity: ingressMode ? 'error' : 'warning' });
      }
    },
  },
  {
    id: 'mapping-cluster-domain',
    summary: 'a Mapping\'s service does not repeat svc (name.namespace.svc.svc.cluster.local is no Service name)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.mappings) {
        const host = serviceHost(spec(m).service).toLowerCase().replace(/\.$/, '');
        if (!/^[^.]+\.[^.]+\.svc\.svc(\.|$)/.test(host)) continue;
        report(m, `service "${textOf(spec(m).service)}" says svc twice: a cluster domain given as svc.cluster.local makes a name Kubernetes DNS does not have`,
          `write ${host.replace('.svc.svc', '.svc')}`, { at: ['spec', 'service'] });
      }
    },
  },
  {
    id: 'istio-certs-source',
    summary: 'a TLSContext reading istio-certs has an Ambassador pod that makes it (AMBASSADOR_ISTIO_SECRET_DIR), when the manifests hold Ambassador\'s Deployments',
    severity: 'error',
    check: (model, report) => {
      // Emissary's entrypoint makes istio-certs only from the files in AMBASSADOR_ISTIO_SECRET_DIR
      // (cmd/entrypoint/istiocert.go), which an Istio sidecar in its own pod writes.
      const deployments = model.ambassadorDeployments.filter((d) => d.doc.kind === 'Deployment');
      if (deployments.length === 0 || deployments.length < model.ambassadorDeployments.length) return;
      if (deployments.some((d) => d.containers.some((c) => envValue(c, 'AMBASSADOR_ISTIO_SECRET_DIR') !== undefined))) return;
      for (const c of model.contexts) {
        if (textOf(spec(c).secret ?? '').split('.')[0] !== 'istio-certs') continue;
        report(c, `secret "${textOf(spec(c).secret)}" is made by Emissary only from the certificates an Istio sidecar writes into its own pod (AMBASSADOR_ISTIO_SECRET_DIR), `
          + 'which no Ambassador Deployment of the manifests sets: the TLSContext finds no certificate', 'wire Ambassador\'s pod for Istio (IstioMtls\'s pod wiring: the sidecar, the volume and AMBASSADOR_ISTIO_SECRET_DIR)',
        { at: ['spec', 'secret'] });
      }
    },
  },
  {
    id: 'consul-upstream-verified',
    summary: 'a TLSContext reading a Consul connector\'s Secret names it as ca_secret too, so the Connect sidecars are verified against the Consul root the connector writes after the leaf',
    severity: 'warning',
    check: (model, report) => {
      for (const connector of model.connectors) {
        const { name: secret, namespace } = connectorSecretOf(connector);
        for (const c of model.contexts) {
          const [name, ns] = textOf(spec(c).secret ?? '').split('.');
          const verifies = spec(c).ca_secret !== undefined || spec(c).cacert_chain_file !== undefined;
          if (name !== secret || (ns ?? c.doc.metadata?.namespace) !== namespace || verifies) continue;
          report(c, `reads the Consul connector's Secret "${secret}" but verifies no upstream: the Connect sidecars' certificates are not checked, though the connector writes the Consul root after the leaf in tls.crt`,
            `add ca_secret: ${textOf(spec(c).secret)}`, { at: ['spec', 'secret'] });
        }
      }
    },
  },
];
