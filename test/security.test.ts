import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { buildApp } from '../app/main';
import { ConsulAddress, ConsulConnector } from '../src';
import { inlineSecretMaterial, podSpecOf, restrictedViolations } from './support/pod-security';
import { findObject, synthValid, testChart } from './support/synth';

const IMAGE = 'docker.io/datawire/aes:1.14.4';

/** Every document of the app, plus the constructs' own pods in every configuration that matters. */
function everyDocument() {
  const app = buildApp(Testing.app());
  const docs = app.node.children.filter(Chart.isChart).flatMap((c) => synthValid(c));
  const chart = testChart('ambassador');
  const token = kplus.Secret.fromSecretName(chart, 'Token', 'consul-acl');
  new ConsulConnector(chart, 'WithToken', { image: IMAGE, consul: ConsulAddress.serverService(), ambassadorId: 'edge', aclToken: { secret: token, key: 'token' }, clusterWideRbac: true });
  return [...docs, ...synthValid(chart)];
}

describe('security checks over every synthesized document', () => {
  const docs = everyDocument();

  test('no private key, certificate or token material inline: only references to Secrets or files', () => {
    expect(docs.flatMap(inlineSecretMaterial)).toEqual([]);
  });

  test('every Pod template meets the Pod Security Standards "restricted" profile', () => {
    const pods = docs.filter((d) => podSpecOf(d));
    expect(pods.length).toBeGreaterThanOrEqual(4);
    expect(pods.flatMap((d) => restrictedViolations(podSpecOf(d)!).map((v) => `${d.kind}/${d.metadata.name}: ${v}`))).toEqual([]);
  });

  test('connector RBAC: a namespaced Role on secrets only, unless cluster-wide was asked for', () => {
    const rules = docs.filter((d) => d.kind === 'Role' || d.kind === 'ClusterRole');
    for (const role of rules) {
      expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] }]);
    }
    // The only ClusterRole is the one asked for with clusterWideRbac.
    expect(rules.filter((r) => r.kind === 'ClusterRole').map((r) => r.metadata.name)).toEqual(['edge-consul-connect-ambassador']);
    expect(findObject(docs, 'Role', 'ambassador-consul-connect', 'ambassador').metadata.namespace).toBe('ambassador');
  });
});

describe('the checkers themselves', () => {
  test('a relaxed connector is reported, so the restricted default is what keeps the test green', () => {
    const chart = testChart('ambassador');
    new ConsulConnector(chart, 'Relaxed', { image: IMAGE, consul: ConsulAddress.nodeAgent(), securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: false, runAsUser: 0 } });
    const pod = podSpecOf(findObject(synthValid(chart), 'Deployment', 'ambassador-consul-connect-integration'))!;
    expect(restrictedViolations(pod)).toEqual(expect.arrayContaining([
      'container consul-connect-integration: allowPrivilegeEscalation is not false',
      'container consul-connect-integration: runAsUser 0',
    ]));
  });

  test('a bare pod breaks every rule', () => {
    expect(restrictedViolations({ hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }], containers: [{ name: 'c', ports: [{ hostPort: 80 }] }] })).toEqual([
      'hostNetwork: true',
      'volume h is of type hostPath',
      'container c: allowPrivilegeEscalation is not false',
      'container c: runAsNonRoot is not true',
      'container c: seccompProfile is unset',
      'container c: capabilities do not drop ALL',
      'container c: hostPort 80',
    ]);
  });

  test('inline material is found', () => {
    expect(inlineSecretMaterial({ kind: 'Secret', metadata: { name: 's' }, data: { 'tls.key': 'x' } })).toEqual(['Secret s carries data inline']);
    expect(inlineSecretMaterial({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { ca: '-----BEGIN CERTIFICATE-----\n' } })).toEqual(['ConfigMap/c.data.ca holds PEM material']);
    expect(inlineSecretMaterial({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ env: [{ name: 'CONSUL_HTTP_TOKEN', value: 'abc' }] }] } }))
      .toEqual(['Pod/p.spec.containers[0].env[0] sets CONSUL_HTTP_TOKEN to a literal value']);
  });
});
