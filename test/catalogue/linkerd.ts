/** Careless and hostile input to the Linkerd pattern and the ambassador Module. */
import { Chart } from 'cdk8s';
import { BadInput } from './entry';
import { AmbassadorListenerPorts, AmbassadorModule, LinkerdHeaders, LinkerdMtls } from '../../src';

const any = (value: unknown) => value as any;
const linkerdCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'LinkerdMtls', input, message, build: (s) => new LinkerdMtls(s, 'Linkerd', props as any),
});
const mappingCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'LinkerdMtls.addMapping', input, message, build: (s: Chart) => new LinkerdMtls(s, 'Linkerd').addMapping('Route', { prefix: '/a/', ...props } as any),
});

const moduleCase = (input: string, message: string, props: Record<string, unknown>): BadInput => ({
  construct: 'AmbassadorModule', input, message, build: (s) => new AmbassadorModule(s, 'Module', props as any),
});
const circular = () => {
  const value: Record<string, unknown> = { max_age: 1 };
  value.self = value;
  return value;
};

export const LINKERD_INPUTS: BadInput[] = [
  linkerdCase('listener ports as a string', 'listenerPorts "8080,8443" is not an AmbassadorListenerPorts', { listenerPorts: '8080,8443' }),
  linkerdCase('headers as a string', 'headers "module" is not a LinkerdHeaders', { headers: 'module' }),
  linkerdCase('a cluster domain with an empty label', 'clusterDomain "cluster..local" is not a DNS domain', { clusterDomain: 'cluster..local' }),
  linkerdCase('a container without a Deployment', 'ambassadorContainer "ambassador" is set without ambassadorDeployment', { ambassadorContainer: 'ambassador' }),
  linkerdCase('a misspelt prop', 'props ["listenerPort"] is not a known property', { listenerPort: AmbassadorListenerPorts.EMISSARY }),
  { construct: 'AmbassadorListenerPorts.custom', input: 'no port', message: 'AmbassadorListenerPorts.custom(): ports [] names no port', build: () => AmbassadorListenerPorts.custom() },
  { construct: 'AmbassadorListenerPorts.custom', input: 'port 70000', message: 'port 70000', build: () => AmbassadorListenerPorts.custom(70000) },
  mappingCase('a host outside the cluster', 'Linkerd has no mesh identity for a host outside it, so its proxy would send the request unencrypted', { service: 'api.example.com:443' }),
  mappingCase('a tls context', 'addMapping tls', { service: 'web.apps:80', tls: any({}) }),
  mappingCase('add_linkerd_headers given', 'addMapping addLinkerdHeaders false is set', { service: 'web.apps:80', addLinkerdHeaders: false }),
  {
    construct: 'LinkerdMtls',
    input: 'headers in a Module that says otherwise',
    message: 'Module config add_linkerd_headers true differs from false, which app/Module set in the one ambassador Module',
    build: (s) => {
      new AmbassadorModule(s, 'Module', { config: { addLinkerdHeaders: false } });
      new LinkerdMtls(s, 'Linkerd', { headers: LinkerdHeaders.MODULE });
    },
  },
  { construct: 'AmbassadorModule', input: 'config as a list', message: 'config [] is not an object', build: (s) => new AmbassadorModule(s, 'Module', { config: any([]) }) },
  { construct: 'AmbassadorModule', input: 'a config key that is no setting name', message: 'Module config key "__proto__" is not an Emissary setting name', build: (s) => AmbassadorModule.of(s).setConfig('__proto__', {}, s) },
  { construct: 'AmbassadorModule', input: 'a misspelt prop', message: 'props ["configs"] is not a known property', build: (s) => new AmbassadorModule(s, 'Module', any({ configs: {} })) },
  moduleCase('a string where Envoy wants a boolean', 'config.useRemoteAddress "yes" is not true or false, which Emissary passes to Envoy as is', { config: { useRemoteAddress: 'yes' } }),
  moduleCase('a raw setting of the wrong type', 'rawConfig.xff_num_trusted_hops "1" is not a whole number', { rawConfig: { xff_num_trusted_hops: '1' } }),
  moduleCase('a near-miss of a setting name', 'Module config key "use_remote_adress" is no setting Emissary knows (it would ignore it without a word), and close to "use_remote_address"',
    { rawConfig: { use_remote_adress: true } }),
  moduleCase('Emissary\'s name in the typed config', 'config "use_remote_address" is not a setting AmbassadorModule types', { config: { use_remote_address: true } }),
  moduleCase('a setting given typed and raw', 'rawConfig "enable_ipv6" is also set by config', { config: { enableIpv6: true }, rawConfig: { enable_ipv6: true } }),
  moduleCase('a timeout as a number', 'config.clusterIdleTimeout 30000 is not a cdk8s Duration', { config: { clusterIdleTimeout: 30000 } }),
  moduleCase('a function in a setting', 'rawConfig.cors.origins (a function origins) is a function, which a manifest cannot hold', { rawConfig: { cors: { origins: function origins() { return '*'; } } } }),
  moduleCase('a circular setting', 'refers to an object that contains it', { rawConfig: { cors: circular() } }),
  moduleCase('a class instance in a setting', 'rawConfig.defaults "1970-01-01T00:00:00.000Z" is not plain data (a class instance)', { rawConfig: { defaults: new Date(0) } }),
  moduleCase('a constructor key in a setting', 'rawConfig.defaults key "constructor" is an object prototype key, not a setting', { rawConfig: { defaults: JSON.parse('{"constructor":{}}') } }),
  moduleCase('a constructor setting', 'Module config key "constructor" is not an Emissary setting name', { rawConfig: JSON.parse('{"constructor":{}}') }),
  moduleCase('an infinite number in a setting', 'rawConfig.regex_max_size Infinity is not a finite number', { rawConfig: { regex_max_size: Infinity } }),
];
