import { parseAllDocuments } from 'yaml';
import { synthFloor } from './bench/synth-floor';
import { gitopsSample } from './bench/synth-gitops';
import { synthL1 } from './bench/synth-l1';
import { synthL2 } from './bench/synth-l2';
import { expectValidDocuments } from './support/schema';

// The benchmark compares three ways of writing the same manifests; these tests keep its
// workload honest: identical output, valid documents, the route count asked for.
describe('synth benchmark workload', () => {
  test.each([1, 2, 7])('l2, l1 and floor write the same valid YAML for %i routes', (n) => {
    const l2 = synthL2(n);
    expect(synthL1(n)).toBe(l2);
    expect(synthFloor(n)).toBe(l2);

    const docs = parseAllDocuments(l2).map((d) => d.toJS());
    expectValidDocuments(docs);
    const mappings = docs.filter((d) => d.kind === 'Mapping');
    expect(mappings).toHaveLength(n);
    expect(mappings.filter((m) => m.spec.tls === 'istio-upstream')).toHaveLength(Math.ceil(n / 2));
    expect(mappings.filter((m) => m.spec.tls === 'ambassador-consul' && m.spec.resolver === 'consul-dc1')).toHaveLength(Math.floor(n / 2));
    expect(docs.filter((d) => d.kind === 'TLSContext').map((d) => d.metadata.name)).toEqual(['istio-upstream', 'ambassador-consul']);
  });

  test('the GitOps sample: one added route changes one file of a split chart, and no folder passes the threshold', () => {
    const sample = gitopsSample(200, false, { threshold: 40 });
    expect(sample.changedFiles).toBe(1);
    expect(sample.largestFolder).toBeLessThanOrEqual(40);
    expect(sample.folders).toBeGreaterThanOrEqual(6); // two split charts: base and at least two shards each
    expect(sample.synthMs).toBeGreaterThan(0);
  });
});
