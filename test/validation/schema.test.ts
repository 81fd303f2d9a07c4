import { bundledSchemas, closeObjects, schemaErrors } from '../support/schema';
import { temporaryFolders } from '../support/temp';

const mapping = (spec: Record<string, unknown>, apiVersion = 'getambassador.io/v3alpha1') =>
  ({ apiVersion, kind: 'Mapping', metadata: { name: 'm' }, spec });

describe('schema helper', () => {
  test('bundles every kind and version of the CRDs we emit or check, descriptions stripped', () => {
    const kinds = bundledSchemas().kinds;
    for (const kind of ['Mapping', 'TLSContext', 'Host', 'ConsulResolver', 'Module', 'Listener']) {
      expect(kinds).toContain(`getambassador.io/v3alpha1/${kind}`);
    }
    for (const kind of ['Mapping', 'TLSContext', 'ConsulResolver', 'Module']) expect(kinds).toContain(`getambassador.io/v2/${kind}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'security.istio.io/v1beta1/PeerAuthentication', 'security.istio.io/v1/PeerAuthentication',
      'security.istio.io/v1beta1/AuthorizationPolicy', 'security.istio.io/v1/AuthorizationPolicy',
      'cert-manager.io/v1/Certificate', 'consul.hashicorp.com/v1alpha1/ServiceIntentions',
    ]));
  });


  test('accepts a valid Mapping', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a:80', hostname: '*' })])).toEqual([]);
  });

  test('rejects a misspelt field that the API server would prune', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a:80', hostnmae: '*' })]).join()).toMatch(/additional properties "hostnmae"/);
  });

  test('rejects a field of the wrong type', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a', timeout_ms: '10s' })]).join()).toMatch(/timeout_ms must be integer/);
  });

  test('validates against the exact apiVersion: v3alpha1 takes no string ambassador_id, v2 does', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a', ambassador_id: 'x' })]).join()).toMatch(/ambassador_id must be array/);
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a', ambassador_id: 'x' }, 'getambassador.io/v2')])).toEqual([]);
  });

  test('rejects a missing required field and an unknown apiVersion', () => {
    expect(schemaErrors([mapping({ prefix: '/a/' })]).join()).toMatch(/must have required property 'service'/);
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a' }, 'getambassador.io/v9')]).join()).toMatch(/no bundled CRD schema defines/);
  });

  test('validates built-in kinds with kubernetes-models', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } };
    expect(schemaErrors([service])).toEqual([]);
    expect(schemaErrors([{ ...service, spec: { ports: [{ port: 'http' }] } }]).join()).toMatch(/port must be integer/);
    expect(schemaErrors([{ apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x' } }]).join()).toMatch(/no schema/);
  });

  test('closeObjects closes listed objects but leaves open maps and preserved fields alone', () => {
    const closed = closeObjects({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'string' } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        raw: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'properties': { c: {} } },
      },
    });
    expect(closed.additionalProperties).toBe(false);
    expect(closed.properties.a.additionalProperties).toBe(false);
    expect(closed.properties.labels.additionalProperties).toEqual({ type: 'string' });
    expect(closed.properties.raw.additionalProperties).toBeUndefined();
  });
});

describe('Ajv and the bundled schemas are loaded by the first check only', () => {
  const temporaryFolder = temporaryFolders('lazy-schemas-');
  test('loading the library and synthesizing a GitOpsApp loads neither; the first schema check loads both, once', () => {
    const loads = { ajv: 0, schemas: 0 };
    jest.isolateModules(() => {
      jest.doMock('ajv', () => {
        loads.ajv++;
        return jest.requireActual('ajv');
      });
      jest.doMock('../../imports/schemas', () => {
        loads.schemas++;
        return jest.requireActual('../../imports/schemas');
      });
      // A fresh module registry, so whatever loads them here is this library.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib: typeof import('../../src') = require('../../src');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Chart }: typeof import('cdk8s') = require('cdk8s');
      const outdir = temporaryFolder();
      const app = new lib.GitOpsApp({ outdir });
      const chart = new Chart(app, 'edge', { namespace: 'edge' });
      const context = new lib.TlsContext(chart, 'Upstream', { secret: 'upstream-client' });
      new lib.Mapping(chart, 'Route', { prefix: '/a/', service: 'https://a.apps:443', tls: context });
      app.synth();
      expect(loads).toEqual({ ajv: 0, schemas: 0 });
      const schemas = lib.CrdSchemas.bundled();
      expect(schemas.problems(mapping({ prefix: '/a/', service: 'a:80', hostname: '*' }))).toEqual([]);
      expect(schemas.problems(mapping({ prefix: '/b/', service: 'b:80', hostname: '*' }))).toEqual([]);
      expect(loads).toEqual({ ajv: 1, schemas: 1 });
    });
    jest.dontMock('ajv');
    jest.dontMock('../../imports/schemas');
  });
});
