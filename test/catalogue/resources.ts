/**
 * Careless and hostile input to the getambassador.io resource constructs and their helpers, as
 * an untyped caller (JavaScript, or values read from YAML or JSON) could pass it.
 */
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { BadInput } from './entry';
import { AmbassadorApiVersion, ConsulResolver, LoadBalancer, Mapping, TlsContext } from '../../src';

const any = (value: unknown) => value as any;
const ctx = (s: Chart, props: Record<string, unknown>) => new TlsContext(s, 'Ctx', { secret: 'client-cert', ...props } as any);
const route = (s: Chart, props: Record<string, unknown>) => new Mapping(s, 'Route', { prefix: '/a/', service: 'a.apps:80', ...props } as any);
const tlsCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({ construct: 'TlsContext', input, message, build: (s) => ctx(s, props) });
const mapCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({ construct: 'Mapping', input, message, build: (s) => route(s, props) });
const resolverCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'ConsulResolver', input, message, build: (s) => new ConsulResolver(s, 'Resolver', { address: 'consul:8500', ...props } as any),
});

export const RESOURCE_INPUTS: BadInput[] = [
  // Construct arguments, for every resource alike.
  tlsCase('the client Secret as CA Secret', 'caSecret "client-cert" is the client certificate\'s own Secret', { caSecret: 'client-cert' }),
  tlsCase('a CA Secret and a CA file', 'caSecret "ca" is given together with caChainFile', { caSecret: 'ca', caChainFile: '/etc/ca/ca.crt' }),
  tlsCase('a CA Secret namespace alone', 'caSecretNamespace "security" is set without `caSecret`', { caSecretNamespace: 'security' }),
  tlsCase('an IP address as SNI', 'sni "10.0.0.1" is not a DNS name', { sni: '10.0.0.1' }),
  tlsCase('a host and port as SNI', 'sni "web.apps:8443" is not a DNS name', { sni: 'web.apps:8443' }),
  { construct: 'TlsContext', input: 'props that are a string', message: 'props "client-cert" is not an object', build: (s) => new TlsContext(s, 'Ctx', any('client-cert')) },
  tlsCase('a misspelt prop', 'props ["secretname"] is not a known property', { secretname: 'x' }),
  { construct: 'TlsContext', input: 'a scope that is not a construct', message: 'TLSContext: scope "app" is not a construct', build: () => new TlsContext(any('app'), 'Ctx', { secret: 's' }) },
  { construct: 'TlsContext', input: 'an empty id', message: 'id "" is not a construct id', build: (s) => new TlsContext(s, '', { secret: 's' }) },
  { construct: 'TlsContext', input: 'a number as id', message: 'id 7 is not a construct id', build: (s) => new TlsContext(s, any(7), { secret: 's' }) },
  {
    construct: 'TlsContext',
    input: 'an id used twice',
    message: 'app/Ctx: id "Ctx" is already used in app',
    build: (s) => {
      new TlsContext(s, 'Ctx', { secret: 's' });
      new TlsContext(s, 'Ctx', { secret: 't' });
    },
  },
  { construct: 'TlsContext', input: 'an app as scope (no chart)', message: 'TLSContext is not inside a cdk8s Chart', build: () => new TlsContext(Testing.app(), 'Ctx', { secret: 's' }) },
  tlsCase('the API version as a string', 'apiVersion "v2" is not an AmbassadorApiVersion', { apiVersion: 'v2' }),
  {
    construct: 'TlsContext',
    input: 'an uppercase chart namespace it would inherit',
    message: 'namespace "Edge" (the namespace of chart edge, which its objects inherit) is not a valid namespace name',
    build: (s) => new TlsContext(new Chart(s.node.scope!, 'edge', { namespace: 'Edge' }), 'Ctx', { secret: 's' }),
  },
  tlsCase('a namespace with a dot', 'namespace "a.b" is not a valid namespace name', { namespace: 'a.b' }),
  tlsCase('an uppercase namespace', 'namespace "Edge" is not a valid namespace name', { namespace: 'Edge' }),
  tlsCase('a 254-character name', 'is not a valid Kubernetes name (RFC 1123 subdomain)', { name: `a${'.b'.repeat(126)}c` }),
  tlsCase('a name with an empty label', 'name "a..b" is not a valid Kubernetes name', { name: 'a..b' }),
  tlsCase('a name label ending in -', 'name "mesh-.ctx" is not a valid Kubernetes name', { name: 'mesh-.ctx' }),
  // TlsContext props.
  tlsCase('a number as secret', 'secret 5 is neither a Secret name nor a Secret', { secret: 5 }),
  tlsCase('an uppercase secret name', 'secret "Client-Cert" is not a valid Kubernetes name', { secret: 'Client-Cert' }),
  { construct: 'TlsContext', input: 'a secret namespace without a secret', message: 'secretNamespace "certs" is set without `secret`', build: (s) => new TlsContext(s, 'Ctx', { certChainFile: '/c/c.pem', privateKeyFile: '/c/k.pem', secretNamespace: 'certs' }) },
  {
    construct: 'TlsContext',
    input: 'a secret namespace other than the Secret\'s own',
    message: 'secretNamespace "other" differs from the namespace of secret app/Cert ("certs")',
    build: (s) => new TlsContext(s, 'Ctx', { secret: new ApiObject(s, 'Cert', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cert', namespace: 'certs' } }), secretNamespace: 'other' }),
  },
  { construct: 'TlsContext', input: 'a file path with ..', message: 'certChainFile "/etc/certs/../key.pem" is not an absolute file path', build: (s) => new TlsContext(s, 'Ctx', { certChainFile: '/etc/certs/../key.pem', privateKeyFile: '/etc/certs/k.pem' }) },
  { construct: 'TlsContext', input: 'a file path with a newline', message: 'privateKeyFile "/etc/certs/k.pem\\nfoo: bar" is not an absolute file path', build: (s) => new TlsContext(s, 'Ctx', { certChainFile: '/etc/certs/c.pem', privateKeyFile: '/etc/certs/k.pem\nfoo: bar' }) },
  { construct: 'TlsContext', input: 'a file path with trailing whitespace', message: 'certChainFile "/etc/certs/c.pem " is not an absolute file path', build: (s) => new TlsContext(s, 'Ctx', { certChainFile: '/etc/certs/c.pem ', privateKeyFile: '/etc/certs/k.pem' }) },
  { construct: 'TlsContext', input: 'a directory as CA file', message: 'caChainFile "/etc/certs/" is not an absolute file path', build: (s) => new TlsContext(s, 'Ctx', { secret: 's', caChainFile: '/etc/certs/' }) },
  tlsCase('hosts as a string', 'hosts "example.com" is not a list', { hosts: 'example.com' }),
  tlsCase('an uppercase host', 'hosts "Example.com" is not a host name', { hosts: ['Example.com'] }),
  tlsCase('two ALPN protocols', 'alpnProtocols ["h2","http/1.1"] lists several protocols, but Emissary offers alpn_protocols upstream as one protocol id', { alpnProtocols: ['h2', 'http/1.1'] }),
  tlsCase('ALPN as a string', 'alpnProtocols "istio" is not a list', { alpnProtocols: 'istio' }),
  tlsCase('a maximum TLS version below Envoy\'s upstream minimum', 'maxTlsVersion "v1.1" is below v1.2, Envoy\'s default minimum for upstream connections', { maxTlsVersion: 'v1.1' }),
  tlsCase('two ambassador ids in one string', 'ambassadorId "edge,internal" holds "edge,internal", which is several ids in one string', { ambassadorId: 'edge,internal' }),
  tlsCase('a number as ambassador id', 'ambassadorId 5 holds an empty id, spaces, or something that is not an id', { ambassadorId: 5 }),
  tlsCase('an empty ambassador id list', 'ambassadorId [] holds no id at all', { ambassadorId: [] }),
  tlsCase('a string as a flag', 'requiresUpstreamPort "yes" is not true or false', { requiresUpstreamPort: 'yes' }),
  { construct: 'TlsContext.fromName', input: 'an invalid name', message: 'app/Ref: name "Istio Upstream" is not a valid Kubernetes name', build: (s) => TlsContext.fromName(s, 'Ref', 'Istio Upstream') },
  { construct: 'TlsContext.fromName', input: 'a misspelt option', message: 'app/Ref: props ["ambassadorID"] is not a known property', build: (s) => TlsContext.fromName(s, 'Ref', 'mesh', any({ ambassadorID: 'edge' })) },
  // Mapping props.
  { construct: 'Mapping', input: 'no props at all', message: 'app/Route: prefix (not set) does not start with "/"', build: (s) => new Mapping(s, 'Route', any(undefined)) },
  mapCase('a misspelt prop', 'props ["tlsContext"] is not a known property', { tlsContext: 'mesh' }),
  mapCase('a prefix with a fragment', 'prefix "/api#v1" holds "#", which a request path never carries as written', { prefix: '/api#v1' }),
  mapCase('a prefix with a query', 'prefix "/api?v=1" holds "?", which a request path never carries as written', { prefix: '/api?v=1' }),
  mapCase('a regex as prefix', 'prefix "/api/.*" holds "*": Emissary matches prefix literally', { prefix: '/api/.*' }),
  mapCase('an anchored regex as prefix', 'prefix "/^api" holds "^": Emissary matches prefix literally', { prefix: '/^api' }),
  mapCase('unencoded non-ASCII in the prefix', 'prefix "/café/" holds "é", which a request path never carries as written. Fix: percent-encode it (%C3%A9)', { prefix: '/café/' }),
  mapCase('a character outside the BMP in the prefix', 'prefix "/\u{10000}" holds "\u{10000}", which a request path never carries as written. Fix: percent-encode it (%F0%90%80%80)', { prefix: '/\u{10000}' }),
  mapCase('an unpaired surrogate in the prefix', 'Fix: remove the unpaired UTF-16 surrogate', { prefix: '/\ud800' }),
  mapCase('a broken percent escape', 'prefix "/a%zz/" holds "%", which a request path never carries as written', { prefix: '/a%zz/' }),
  mapCase('a newline in the prefix', 'prefix "/a\\n/" does not start with "/" (or holds spaces)', { prefix: '/a\n/' }),
  mapCase('a rewrite with a space', 'rewrite "/a b" does not start with "/" (or holds spaces)', { rewrite: '/a b' }),
  mapCase('a number as service', 'service 8080 is neither a service string nor a Service', { service: 8080 }),
  mapCase('an empty label in the service host', 'service "a..b:80" has the invalid host "a..b"', { service: 'a..b:80' }),
  mapCase('a service label ending in -', 'service "a-.apps:80" has the invalid host "a-.apps"', { service: 'a-.apps:80' }),
  mapCase('a 64-character service label', 'has the invalid host', { service: `${'a'.repeat(64)}:80` }),
  mapCase('a service host over 253 characters', 'has the invalid host', { service: `a${'.b'.repeat(127)}:80` }),
  mapCase('an IPv4 octet over 255', 'service "300.1.1.1:80" has the invalid host "300.1.1.1"', { service: '300.1.1.1:80' }),
  mapCase('port 0', 'service port 0 is not a port number', { service: 'a.apps:0' }),
  mapCase('user info in the service', 'service "u@a.apps:80" is not a service address', { service: 'u@a.apps:80' }),
  mapCase('a TLSContext name instead of the TLSContext', 'tls "istio-upstream" is a name, not a TLSContext. Fix: pass the TlsContext object, or reference one installed elsewhere with TlsContext.fromName', { tls: 'istio-upstream' }),
  mapCase('an object that only looks like a TLSContext', 'tls {"name":"mesh"} is not a TLSContext', { tls: { name: 'mesh' } }),
  {
    construct: 'Mapping',
    input: 'a TLSContext that also terminates TLS for hosts',
    message: 'tls "edge" has hosts ["example.com"], so Emissary would also serve its client certificate to clients of those hosts',
    build: (s) => route(s, { service: 'https://a.apps:443', tls: new TlsContext(s, 'Edge', { name: 'edge', secret: 's', hosts: ['example.com'] }) }),
  },
  mapCase('a resolver name instead of the resolver', 'resolver "consul-dc1" is a name, not a resolver', { resolver: 'consul-dc1' }),
  mapCase('a load balancer as plain data', 'loadBalancer {"policy":"round_robin"} is not a LoadBalancer', { loadBalancer: { policy: 'round_robin' } }),
  mapCase('a number as timeout', 'timeout 5000 is not a cdk8s Duration. Fix: use for example Duration.seconds(10)', { timeout: 5000 }),
  mapCase('a timeout beyond what Envoy takes', 'timeout "2592000000ms" is not a positive whole number of milliseconds up to 2147483647', { timeout: Duration.days(30) }),
  mapCase('a host glob with a port over 65535', 'host "*.example.com:70000" is not a host name or DNS glob', { host: '*.example.com:70000' }),
  mapCase('a host with an empty label', 'host "a..example.com" is not a host name or DNS glob', { host: 'a..example.com' }),
  mapCase('a string as a flag', 'viaKubernetesService "true" is not true or false', { viaKubernetesService: 'true' }),
  mapCase('the API version as a string', 'apiVersion "v3alpha1" is not an AmbassadorApiVersion', { apiVersion: 'v3alpha1' }),
  {
    construct: 'Mapping',
    input: 'a Deployment as service',
    message: 'service "app/Web" is a Deployment, not a Service',
    build: (s) => route(s, { service: new ApiObject(s, 'Web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }) }),
  },
  {
    construct: 'Mapping',
    input: 'a service port as a string',
    message: 'servicePort "9080" is not a port number',
    build: (s) => route(s, { service: new ApiObject(s, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews' }, spec: { ports: [{ port: 9080 }] } }), servicePort: '9080' }),
  },
  // ConsulResolver.
  resolverCase('an address with a path', 'address "consul:8500/v1" is not a Consul HTTP API address Emissary can use', { address: 'consul:8500/v1' }),
  resolverCase('no address', 'address (not set) is not a Consul HTTP API address Emissary can use', { address: undefined }),
  resolverCase('a number as address', 'address 8500 is not a Consul HTTP API address', { address: 8500 }),
  resolverCase('a datacenter ending in -', 'datacenter "dc1-" is not a Consul datacenter name', { datacenter: 'dc1-' }),
  resolverCase('a number as datacenter', 'datacenter 1 is not a Consul datacenter name', { datacenter: 1 }),
  resolverCase('an invalid name', 'name "Consul" is not a valid Kubernetes name', { name: 'Consul' }),
  { construct: 'ConsulResolver.sidecarService', input: 'a 50-character service', message: 'not a Consul service name. Fix: use at most 49 lowercase letters', build: () => ConsulResolver.sidecarService('q'.repeat(50)) },
  { construct: 'ConsulResolver.sidecarService', input: 'a number', message: 'ConsulResolver.sidecarService(7): not a Consul service name', build: () => ConsulResolver.sidecarService(any(7)) },
  // LoadBalancer and AmbassadorApiVersion.
  { construct: 'LoadBalancer.ringHash', input: 'two hash keys', message: 'hash key {"header":"x-user","sourceIp":true} needs exactly one key', build: () => LoadBalancer.ringHash({ header: 'x-user', sourceIp: true }) },
  { construct: 'LoadBalancer.ringHash', input: 'a header name with a space', message: 'LoadBalancer.ringHash(): header "x user" is not a valid header name', build: () => LoadBalancer.ringHash({ header: 'x user' }) },
  { construct: 'LoadBalancer.maglev', input: 'a string as sourceIp', message: 'LoadBalancer.maglev(): sourceIp "yes" is not true or false', build: () => LoadBalancer.maglev(any({ sourceIp: 'yes' })) },
  { construct: 'LoadBalancer.ringHash', input: 'a misspelt hash key', message: 'LoadBalancer.ringHash(): hash key ["hedaer"] is not a known property', build: () => LoadBalancer.ringHash(any({ hedaer: 'x' })) },
  { construct: 'LoadBalancer.ringHash', input: 'no hash key object', message: 'LoadBalancer.ringHash(): hash key null is not an object', build: () => LoadBalancer.ringHash(any(null)) },
  { construct: 'AmbassadorApiVersion.use', input: 'a string as version', message: 'AmbassadorApiVersion.use(): apiVersion "v2" is not an AmbassadorApiVersion', build: (s) => AmbassadorApiVersion.use(s, any('v2')) },
  { construct: 'AmbassadorApiVersion.use', input: 'a scope that is not a construct', message: 'AmbassadorApiVersion.use(): scope "legacy" is not a construct', build: () => AmbassadorApiVersion.use(any('legacy'), AmbassadorApiVersion.V2) },
  {
    construct: 'AmbassadorApiVersion.use',
    input: 'a choice after constructs were added',
    message: 'AmbassadorApiVersion.use(v2) comes after constructs were added (Ctx)',
    build: (s) => {
      new TlsContext(s, 'Ctx', { secret: 's' });
      AmbassadorApiVersion.use(s, AmbassadorApiVersion.V2);
    },
  },
];
