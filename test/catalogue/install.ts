/** Careless and hostile input to the install target, and the combinations an install cannot run. */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BadInput } from './entry';
import {
  AmbassadorHelmChart, AmbassadorInstall, AmbassadorListenerPorts, AmbassadorModule, AmbassadorProduct, ConsulAddress, ConsulConnector,
  ConsulResolver, IstioAuthorization, IstioCertificates, IstioMtls, LinkerdHeaders, LinkerdMtls,
} from '../../src';

const any = (value: unknown) => value as any;
const AES = 'docker.io/datawire/aes:3.10.0';

const installCase = (construct: string, input: string, message: string, build: () => unknown): BadInput => ({
  construct, input, message, build: () => build(),
});
/** `build` in a chart that declared `install`. */
const withInstall = (construct: string, input: string, message: string, install: () => AmbassadorInstall,
  build: (s: Chart) => unknown): BadInput => ({
  construct,
  input,
  message,
  build: (s) => {
    AmbassadorInstall.use(s, install());
    build(s);
  },
});
const static391 = () => AmbassadorInstall.staticYaml({ version: '3.9.1' });
const edgeChart = () => AmbassadorInstall.edgeStackChart({ version: '3.10.2', namespace: 'ambassador' });

export const INSTALL_INPUTS: BadInput[] = [
  installCase('AmbassadorInstall.staticYaml', 'a floating version', 'version "latest" is not a release of Emissary-ingress', () => AmbassadorInstall.staticYaml({ version: 'latest' })),
  installCase('AmbassadorInstall.staticYaml', 'a version as a number', 'version 3.1 is not a release string', () => AmbassadorInstall.staticYaml({ version: any(3.10) })),
  installCase('AmbassadorInstall.staticYaml', 'a pre-release', 'version "3.10.0-rc.1" is not a release of Emissary-ingress', () => AmbassadorInstall.staticYaml({ version: '3.10.0-rc.1' })),
  installCase('AmbassadorInstall.staticYaml', 'Ambassador before 1.14', 'version "1.12.0" is not a release of Emissary-ingress this library supports (1.14, 2.x, 3.x or 4.x)',
    () => AmbassadorInstall.staticYaml({ version: '1.12.0' })),
  installCase('AmbassadorInstall.staticYaml', 'a namespace the static YAML does not install into', 'namespace "edge" is not a namespace Emissary-ingress 3.10.0\'s static YAML installs into',
    () => AmbassadorInstall.staticYaml({ version: '3.10.0', namespace: 'edge' })),
  installCase('AmbassadorInstall.staticYaml', 'Emissary-ingress 4.x, which publishes no static YAML', 'version "4.0.0" has no static YAML: Emissary-ingress 4.x is published as Helm charts only',
    () => AmbassadorInstall.staticYaml({ version: '4.0.0' })),
  installCase('AmbassadorInstall.staticYaml', 'a product as a string', 'product "Edge Stack" is not an AmbassadorProduct', () => AmbassadorInstall.staticYaml({ version: '3.10.2', product: any('Edge Stack') })),
  installCase('AmbassadorInstall.edgeStackChart', 'Edge Stack 2.x', 'version "2.5.1" is not a release of Edge Stack this library supports (3.x)', () => AmbassadorInstall.edgeStackChart({ version: '2.5.1' })),
  installCase('AmbassadorInstall.emissaryIngressChart', 'Ambassador 1.14 from the emissary-ingress chart', 'is not installed by the emissary-ingress chart, which starts at Emissary-ingress 2.0',
    () => AmbassadorInstall.emissaryIngressChart({ version: '1.14.4' })),
  installCase('AmbassadorInstall.emissaryIngressChart', 'the chart\'s version instead of Emissary\'s', 'version "8.9.1" is a version of the emissary-ingress chart, not of the release it installs',
    () => AmbassadorInstall.emissaryIngressChart({ version: '8.9.1' })),
  installCase('AmbassadorInstall.edgeStackChart', 'the chart\'s version instead of Edge Stack\'s', 'version "8.10.2" is a version of the edge-stack chart, not of the release it installs',
    () => AmbassadorInstall.edgeStackChart({ version: '8.10.2' })),
  installCase('AmbassadorInstall.emissaryIngressChart', 'an uppercase release name', 'releaseName "Edge" is not a Helm release name',
    () => AmbassadorInstall.emissaryIngressChart({ version: '3.10.0', releaseName: 'Edge' })),
  installCase('AmbassadorInstall.emissaryIngressChart', 'a misspelt option', 'options ["fullNameOverride"] is not a known property',
    () => AmbassadorInstall.emissaryIngressChart(any({ version: '3.10.0', fullNameOverride: 'x' }))),
  installCase('AmbassadorInstall.userManaged', 'no namespace', 'namespace (not set) is required for a user-managed install', () => AmbassadorInstall.userManaged(any({ version: '3.10.0' }))),
  installCase('AmbassadorInstall.userManaged', 'setsHostIp as a string', 'setsHostIp "yes" is not true or false',
    () => AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'edge', setsHostIp: any('yes') })),
  {
    construct: 'AmbassadorInstall.use',
    input: 'after constructs were added',
    message: 'comes after constructs were added (Ctx)',
    build: (s) => {
      new AmbassadorModule(s, 'Ctx');
      AmbassadorInstall.use(s, static391());
    },
  },
  {
    construct: 'AmbassadorInstall.use',
    input: 'twice on one chart, with different installs',
    message: 'on the same scope, which would silently replace it',
    build: (s) => {
      AmbassadorInstall.use(s, static391());
      AmbassadorInstall.use(s, edgeChart());
    },
  },
  { construct: 'IstioMtls', input: 'install as options', message: 'install {"version":"3.10.0"} is not an AmbassadorInstall', build: (s) => new IstioMtls(s, 'Istio', { install: any({ version: '3.10.0' }) }) },
  withInstall('IstioMtls', 'a wired Deployment in another namespace than the install\'s', 'is in namespace "edge", but the install target',
    () => AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'emissary' }),
    (s) => new IstioMtls(s, 'Istio', { ambassadorDeployment: new kplus.Deployment(s, 'Elsewhere', { metadata: { namespace: 'edge' }, containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0' }] }) })),
  withInstall('IstioMtls', 'a container other than the install\'s', 'containerName "ambassador" differs from the containerName of the install target', edgeChart,
    (s) => new IstioMtls(s, 'Istio').kustomizeComponent({ containerName: 'ambassador' })),
  withInstall('IstioMtls', 'Helm values for a static install', 'is a Helm chart, but the install target is Emissary-ingress 3.9.1 installed from static YAML', static391,
    (s) => new IstioMtls(s, 'Istio').helmValues()),
  withInstall('IstioMtls', 'the other chart\'s values', 'chart "emissary-ingress" differs from the install target, Edge Stack 3.10.2', edgeChart,
    (s) => new IstioMtls(s, 'Istio').helmValues({ chart: AmbassadorHelmChart.EMISSARY_INGRESS })),
  withInstall('IstioMtls', 'a Deployment of the app with a static install', 'is a Deployment of this app, but the install target is', static391,
    (s) => new IstioMtls(s, 'Istio').wire(new kplus.Deployment(s, 'Ambassador', { containers: [{ image: 'docker.io/emissaryingress/emissary:3.9.1' }] }))),
  withInstall('IstioMtls', 'an Ambassador namespace other than the install\'s', 'ambassadorNamespace "emissary" differs from the namespace of the install target', edgeChart,
    (s) => new IstioMtls(s, 'Istio', { ambassadorNamespace: 'emissary' })),
  { construct: 'IstioMtls', input: 'sidecar certificates on Istio 1.4', message: 'istioVersion "1.4.6" cannot write the sidecar\'s certificates out', build: (s) => new IstioMtls(s, 'Istio', { istioVersion: '1.4.6' }) },
  { construct: 'IstioMtls', input: 'sidecar certificates on Istio 1.9.0-1.9.3', message: 'istioVersion "1.9.3" writes the certificates readable by the proxy\'s user only', build: (s) => new IstioMtls(s, 'Istio', { istioVersion: '1.9.3' }) },
  withInstall('IstioMtls', 'an injection namespace other than Ambassador\'s', 'injectionNamespace "mesh" is not the namespace Ambassador runs in ("emissary"', static391,
    (s) => new IstioMtls(s, 'Istio', { istioVersion: '1.8', injectionNamespace: 'mesh' })),
  { construct: 'IstioMtls', input: 'Istio 1.6-1.8 without the namespace label', message: 'injectionNamespace (not set) is needed: Istio 1.8\'s injector selects pods by their namespace\'s label only', build: (s) => new IstioMtls(s, 'Istio', { istioVersion: '1.8' }) },
  {
    construct: 'IstioMtls',
    input: 'the istio.default secret on Istio 1.5',
    message: 'istioVersion "1.5" writes no istio.default Secret to mount',
    build: (s) => new IstioMtls(s, 'Istio', { istioVersion: '1.5', certificates: IstioCertificates.mountedSecret() }),
  },
  { construct: 'IstioMtls', input: 'an Istio version that is not one', message: 'istioVersion "latest" is not an Istio release', build: (s) => new IstioMtls(s, 'Istio', { istioVersion: 'latest' }) },
  withInstall('IstioAuthorization', 'an account other than the chart\'s', 'serviceAccount "emissary-ingress" differs from the account whose certificate Ambassador presents ("edge-stack", the install target', edgeChart,
    (s) => new IstioAuthorization(s, 'Authz', { istio: new IstioMtls(s, 'Istio'), serviceAccount: 'emissary-ingress' })),
  withInstall('LinkerdMtls', 'ports other than the install\'s', 'listenerPorts "80,443" are not the ports Ambassador listens on in the install target', static391,
    (s) => new LinkerdMtls(s, 'Linkerd', { listenerPorts: AmbassadorListenerPorts.AMBASSADOR_1_PRIVILEGED })),
  {
    construct: 'LinkerdMtls',
    input: 'privileged ports on a container listening on 8080/8443',
    message: 'listenerPorts "80,443" skip 80, 443, which container "ambassador" of Deployment app/Ambassador does not declare',
    build: (s) => new LinkerdMtls(s, 'Linkerd', {
      listenerPorts: AmbassadorListenerPorts.AMBASSADOR_1_PRIVILEGED,
      ambassadorDeployment: new kplus.Deployment(s, 'Ambassador', { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.10.0', portNumber: 8080 }] }),
    }),
  },
  withInstall('LinkerdMtls', 'the Module header with a Helm install and no values written', 'headers LinkerdHeaders.MODULE puts add_linkerd_headers into the ambassador Module of the install target', edgeChart,
    (s) => {
      new LinkerdMtls(s, 'Linkerd', { headers: LinkerdHeaders.MODULE });
      s.toJson();
    }),
  withInstall('LinkerdMtls', 'the Module header where you own the Module', 'needs add_linkerd_headers in the ambassador Module, which the install target',
    () => AmbassadorInstall.userManaged({ version: '3.10.0', namespace: 'edge', ownsModule: true }), (s) => new LinkerdMtls(s, 'Linkerd', { headers: LinkerdHeaders.MODULE })),
  withInstall('AmbassadorModule', 'a second Module where the chart renders one', 'owns the ambassador Module: a second one would overwrite it', edgeChart,
    (s) => new AmbassadorModule(s, 'Module', { config: { useRemoteAddress: true } })),
  withInstall('ConsulConnector', 'a node-agent resolver on Emissary 3.9.1 without HOST_IP wired', 'sets no HOST_IP in Ambassador\'s pod (Emissary-ingress 3.8.0 to 3.9.1)', static391,
    (s) => {
      new ConsulConnector(s, 'Consul', { image: AES, consul: ConsulAddress.nodeAgent(), serviceIntentions: false }).addResolver('Resolver');
      s.toJson();
    }),
  withInstall('ConsulConnector', 'HOST_IP for Edge Stack\'s chart without its own envRaw', 'mergeWith emissary-ingress.envRaw (not set) is needed', edgeChart,
    (s) => new ConsulConnector(s, 'Consul', { image: AES, consul: ConsulAddress.nodeAgent(), serviceIntentions: false }).hostIp!.helmValues()),
  withInstall('ConsulResolver', '${HOST_IP} where the install sets none', 'address "${HOST_IP}:8500" expands HOST_IP from Ambassador\'s environment, which Edge Stack 3.10.2', edgeChart,
    (s) => new ConsulResolver(s, 'Resolver', { address: '${HOST_IP}:8500' })),
  {
    construct: 'AmbassadorInstall.staticYaml',
    input: 'Edge Stack\'s aes.yaml in another namespace',
    message: 'namespace "emissary" is not a namespace Edge Stack 3.10.2\'s static YAML installs into (aes.yaml: ambassador)',
    build: () => AmbassadorInstall.staticYaml({ version: '3.10.2', product: AmbassadorProduct.EDGE_STACK, namespace: 'emissary' }),
  },
];
