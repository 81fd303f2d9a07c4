import { ambassadorIdsOf, nameOf, objectOf, specOf, textOf } from './model';
import { EMISSARY_1_ONLY, FROM_EMISSARY_3, ManifestRule } from './rule';
import { consulAddressProblem, consulDatacenterProblem } from '../../core/emissary-syntax';
import { didYouMean } from '../../core/similar-names';

const spec = specOf;

/** The rules about Ambassador's other resources: ids, the ambassador Module, TCPMappings, resolvers and external services. */
export const SERVICE_RULES: ManifestRule[] = [
  {
    id: 'ambassador-id',
    summary: 'each ambassador_id entry is one id: not empty, no comma or space (Emissary compares ids exactly)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.ambassador) {
        const value = spec(m).ambassador_id;
        if (value === undefined || value === null) continue;
        const bad = (Array.isArray(value) ? value : [value]).find((id) => typeof id !== 'string' || !/^[^\s,]+$/.test(id));
        if (bad !== undefined || (Array.isArray(value) && value.length === 0)) {
          report(m, `ambassador_id ${JSON.stringify(value)} holds ${bad === undefined ? 'no id at all' : `${JSON.stringify(bad)}, which is not one id`}: no Ambassador's AMBASSADOR_ID equals it, so none reads this ${m.doc.kind}`,
            'list each id as its own entry, for example ambassador_id: [edge, internal]; leave it out for the default Ambassador', { at: ['spec', 'ambassador_id'] });
        }
      }
    },
  },
  {
    id: 'service-protocol-version',
    summary: 'AuthService (gRPC), RateLimitService and LogService set protocol_version: v3 (Emissary 3.x dropped Envoy\'s v2 transport protocol, which is their default)',
    severity: 'error',
    releases: FROM_EMISSARY_3,
    check: (model, report) => {
      for (const m of model.ambassador) {
        const s = spec(m);
        const applies = m.doc.kind === 'RateLimitService' || m.doc.kind === 'LogService' || (m.doc.kind === 'AuthService' && s.proto === 'grpc');
        if (!applies || s.protocol_version === 'v3') continue;
        report(m, `protocol_version ${s.protocol_version === undefined ? 'is not set (Emissary takes v2)' : JSON.stringify(s.protocol_version)}: Emissary 3.x and later report "${m.doc.kind}: protocol_version ${s.protocol_version ?? 'v2'} is unsupported, protocol_version must be \\"v3\\"" and drop the service`,
          'set protocol_version: v3 (and run a service that speaks Envoy\'s v3 API)', { at: s.protocol_version === undefined ? ['spec'] : ['spec', 'protocol_version'] });
      }
    },
  },
  {
    id: 'module-resolver-exists',
    summary: 'the resolver the ambassador Module makes the default names a resolver of the manifests or one Emissary builds in',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.modules) {
        const resolver = objectOf(spec(m).config).resolver;
        if (typeof resolver !== 'string' || model.externalResolvers(m.doc).includes(resolver)) continue;
        if (model.resolverKind(resolver, ambassadorIdsOf(m.doc)) === undefined) {
          report(m, `config.resolver "${resolver}" names no resolver in the manifests, nor one Emissary builds in${didYouMean(resolver, model.resolverNames())}: every Mapping without its own resolver would use it`,
            `define resolver "${resolver}" or fix the name (Emissary builds in kubernetes-service, kubernetes-endpoint, endpoint, consul and consul-endpoint); declare one installed elsewhere external`, { at: ['spec', 'config', 'resolver'] });
        }
      }
    },
  },
  {
    id: 'tcpmapping-references',
    summary: 'a TCPMapping\'s tls names a TLSContext, and its resolver a resolver, of the manifests (or built in, or declared external)',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.tcpMappings) {
        const { tls, resolver } = spec(m);
        // TCPMapping's tls is a context name, or true for TLS without one (irtcpmapping.py).
        if (typeof tls === 'string' && !model.externalTlsContexts(m.doc).includes(tls) && !model.contexts.some((c) => nameOf(c) === tls)) {
          report(m, `tls "${tls}" names no TLSContext in the manifests${didYouMean(tls, model.contexts.map((c) => textOf(nameOf(c))))}: Emissary reports "Originate-TLS context ${tls} is not defined"`,
            `define TLSContext "${tls}" or fix the name; declare one installed elsewhere external (check --external-tls-context)`, { at: ['spec', 'tls'] });
        }
        if (typeof resolver === 'string' && !model.externalResolvers(m.doc).includes(resolver) && model.resolverKind(resolver, ambassadorIdsOf(m.doc)) === undefined) {
          report(m, `resolver "${resolver}" names no resolver in the manifests, nor one Emissary builds in${didYouMean(resolver, model.resolverNames())}`,
            `define resolver "${resolver}" or fix the name; declare one installed elsewhere external (check --external-resolver)`, { at: ['spec', 'resolver'] });
        }
      }
    },
  },
  {
    id: 'consul-resolver',
    summary: 'a ConsulResolver\'s address is a Consul HTTP API address (host:port) and its datacenter a datacenter name',
    severity: 'error',
    check: (model, report) => {
      for (const m of model.resolvers.filter((r) => r.doc.kind === 'ConsulResolver')) {
        const { address, datacenter } = spec(m);
        const addressProblem = address === undefined ? undefined : consulAddressProblem(address);
        if (addressProblem) report(m, `address ${JSON.stringify(address)}${addressProblem.part ? `: ${addressProblem.part.name} ${addressProblem.part.value}` : ''} ${addressProblem.message}`, addressProblem.fix, { at: ['spec', 'address'] });
        const dcProblem = datacenter === undefined ? undefined : consulDatacenterProblem(datacenter);
        if (dcProblem) report(m, `datacenter ${JSON.stringify(datacenter)} ${dcProblem.message}`, dcProblem.fix, { at: ['spec', 'datacenter'] });
      }
    },
  },
  {
    id: 'api-version-served',
    summary: 'Ambassador 1.x reads getambassador.io v1 and v2 only: its CRDs serve no v3alpha1, so kubectl apply refuses it',
    severity: 'error',
    releases: EMISSARY_1_ONLY,
    check: (model, report) => {
      for (const m of model.ambassador) {
        if (m.doc.apiVersion !== 'getambassador.io/v1' && m.doc.apiVersion !== 'getambassador.io/v2') {
          report(m, `${m.doc.apiVersion} is not served by Ambassador ${model.release}'s CRDs (v1 and v2 only)`, 'write getambassador.io/v2 for Ambassador 1.x (cdk8s: AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2)), or check for the release you run with --emissary-version', { at: ['apiVersion'] });
        }
      }
    },
  },
];
