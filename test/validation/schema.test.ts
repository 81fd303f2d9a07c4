import { closeObjects, CRDS_AVAILABLE, schemaErrors } from '../support/schema';

const mapping = (spec: Record<string, unknown>, apiVersion = 'getambassador.io/v3alpha1') =>
  ({ apiVersion, kind: 'Mapping', metadata: { name: 'm' }, spec });

describe('schema helper', () => {
  test('the shared CRDs are present (CI always has ../shared; .ci/run sets CI=true)', () => {
    if (process.env.CI) expect(CRDS_AVAILABLE).toBe(true);
    else if (!CRDS_AVAILABLE) console.warn('CRD schema checks skipped: ../shared/crds is missing');
  });

  const crdTest = CRDS_AVAILABLE ? test : test.skip;

  crdTest('accepts a valid Mapping', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a:80', hostname: '*' })])).toEqual([]);
  });

  crdTest('rejects a misspelt field that the API server would prune', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a:80', hostnmae: '*' })]).join()).toMatch(/additional properties "hostnmae"/);
  });

  crdTest('rejects a field of the wrong type', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a', timeout_ms: '10s' })]).join()).toMatch(/timeout_ms must be integer/);
  });

  crdTest('validates against the exact apiVersion: v3alpha1 takes no string ambassador_id, v2 does', () => {
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a', ambassador_id: 'x' })]).join()).toMatch(/ambassador_id must be array/);
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a', ambassador_id: 'x' }, 'getambassador.io/v2')])).toEqual([]);
  });

  crdTest('rejects a missing required field and an unknown apiVersion', () => {
    expect(schemaErrors([mapping({ prefix: '/a/' })]).join()).toMatch(/must have required property 'service'/);
    expect(schemaErrors([mapping({ prefix: '/a/', service: 'a' }, 'getambassador.io/v9')]).join()).toMatch(/no CRD/);
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
