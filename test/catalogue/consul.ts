/** Careless and hostile input to the Consul Connect pattern. */
import { Chart } from 'cdk8s';
import { BadInput } from './entry';
import { ConsulAddress, ConsulConnector, ConsulResolver } from '../../src';

const any = (value: unknown) => value as any;
const IMAGE = 'docker.io/datawire/aes:3.10.0';
const connector = (s: Chart, props: Record<string, unknown> = {}, id = 'Consul') =>
  new ConsulConnector(s, id, { image: IMAGE, consul: ConsulAddress.serverService(), ...props } as any);
const consulCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'ConsulConnector', input, message, build: (s) => connector(s, props),
});

export const CONSUL_INPUTS: BadInput[] = [
  consulCase('a host string as Consul address', 'consul "consul-server.consul:8500" is not a ConsulAddress', { consul: 'consul-server.consul:8500' }),
  consulCase('an invalid CA key', 'consul caKey "tls crt" is not a Secret key', { consul: ConsulAddress.https({ host: 'consul.consul.svc', caSecret: 'ca', caKey: 'tls crt' }) }),
  consulCase('an invalid server name', 'consul serverName "server dc1" is not a host name', { consul: ConsulAddress.https({ host: 'consul.consul.svc', caSecret: 'ca', serverName: 'server dc1' }) }),
  consulCase('an uppercase Consul namespace', 'consul namespace "Consul" is not a namespace name', { consul: ConsulAddress.serverService({ namespace: 'Consul' }) }),
  consulCase('HTTPS port 0', 'consul port 0 is not a port number', { consul: ConsulAddress.https({ host: 'consul.consul.svc', caSecret: 'ca', port: 0 }) }),
  consulCase('HTTPS without a host', 'consul host (not set) is not a host name', { consul: ConsulAddress.https(any({ caSecret: 'ca' })) }),
  { construct: 'ConsulAddress.serverService', input: 'a misspelt option', message: 'ConsulAddress.serverService(): options ["srevice"] is not a known property', build: () => ConsulAddress.serverService(any({ srevice: 'consul' })) },
  { construct: 'ConsulAddress.nodeAgent', input: 'options that are a number', message: 'ConsulAddress.nodeAgent(): options 8500 is not an object', build: () => ConsulAddress.nodeAgent(any(8500)) },
  consulCase('an image with a space', 'image "docker.io/datawire/aes: 3.10.0" is not a valid image reference', { image: 'docker.io/datawire/aes: 3.10.0' }),
  consulCase('two ambassador ids in one', 'ambassadorId "edge,internal" cannot prefix the connector\'s names', { ambassadorId: 'edge,internal' }),
  consulCase('a 64-character secret name', 'is not a valid namespace name (RFC 1123 label)', { secretName: 's'.repeat(64) }),
  consulCase('the ACL token as a string', 'aclToken "consul-acl" is not an object', { aclToken: 'consul-acl' }),
  consulCase('a misspelt ACL token field', 'aclToken ["secretKey"] is not a known property', { aclToken: { secret: 'consul-acl', secretKey: 'token' } }),
  consulCase('a string as a flag', 'serviceIntentions "no" is not true or false', { serviceIntentions: 'no' }),
  consulCase('a number as a flag', 'clusterWideRbac 1 is not true or false', { clusterWideRbac: 1 }),
  consulCase('an invalid TLSContext name', 'tlsContextName "Consul Upstream" is not a valid Kubernetes name', { tlsContextName: 'Consul Upstream' }),
  consulCase('a misspelt security context field', 'securityContext.runAsuser 1000 is not a field this construct sets', { securityContext: { runAsuser: 1000 } }),
  consulCase('a negative user id', 'securityContext.runAsUser -1 is not a user or group id', { securityContext: { runAsUser: -1 } }),
  consulCase('a CAP_-prefixed capability', 'securityContext.capabilities.add ["CAP_NET_ADMIN"] is not a list of capability names', { securityContext: { capabilities: { add: ['CAP_NET_ADMIN'] } } }),
  consulCase('a CPU limit that is no quantity', 'resources.limits.cpu "lots" is not a cpu or memory quantity', { resources: { limits: { cpu: 'lots' } } }),
  consulCase('a misspelt resources field', 'resources.request {"cpu":"100m"} is not requests or limits', { resources: { request: { cpu: '100m' } } }),
  consulCase('a misspelt prop', 'props ["consulHost"] is not a known property', { consulHost: 'consul' }),
  {
    construct: 'ConsulConnector',
    input: 'two connectors writing one Secret',
    message: 'secretName "mesh-ca" in namespace "ambassador" is also the Secret app/One writes: each would overwrite the other\'s certificate',
    build: (s) => {
      connector(s, { ambassadorId: 'one', secretName: 'mesh-ca' }, 'One');
      connector(s, { ambassadorId: 'two', secretName: 'mesh-ca' }, 'Two');
    },
  },
  { construct: 'ConsulConnector.addResolver', input: 'a misspelt prop', message: 'addResolver props ["datacentre"] is not a known property', build: (s) => connector(s).addResolver('R', any({ datacentre: 'dc1' })) },
  { construct: 'ConsulConnector.addResolver', input: 'an invalid datacenter', message: 'app/Consul/R: datacenter "dc 1" is not a Consul datacenter name', build: (s) => connector(s).addResolver('R', { datacenter: 'dc 1' }) },
  { construct: 'ConsulConnector.addMapping', input: 'a tls of its own', message: 'addMapping tls "mesh" is set, but addMapping presents the connector\'s certificate', build: (s) => connector(s).addMapping('M', any({ prefix: '/q/', service: 'q', tls: 'mesh' })) },
  {
    construct: 'ConsulConnector.addMapping',
    input: 'a dotted name through a ConsulResolver',
    message: 'service "qotm-sidecar-proxy.default" is not a bare service name',
    build: (s) => {
      const c = connector(s);
      c.addMapping('M', { prefix: '/q/', service: 'qotm-sidecar-proxy.default', resolver: c.addResolver('R') });
    },
  },
  {
    construct: 'ConsulConnector.addMapping',
    input: 'a sidecar service name built by hand wrong',
    message: 'is not a Consul Connect sidecar service (<service>-sidecar-proxy)',
    build: (s) => {
      const c = connector(s);
      c.addMapping('M', { prefix: '/q/', service: 'qotm-sidecar', resolver: c.addResolver('R') });
    },
  },
  {
    construct: 'ConsulConnector.addMapping',
    input: 'http:// through Kubernetes DNS',
    message: 'is http://, but tls "ambassador-consul" originates TLS',
    build: (s) => connector(s).addMapping('M', { prefix: '/q/', service: 'http://qotm-proxy:20000' }),
  },
  { construct: 'ConsulResolver.sidecarService', input: 'a dotted service', message: 'ConsulResolver.sidecarService("qotm.default"): not a Consul service name', build: () => ConsulResolver.sidecarService('qotm.default') },
];
