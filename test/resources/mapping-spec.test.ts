import * as fc from 'fast-check';
import * as v2 from '../../imports/getambassador.io-v2';
import * as v3alpha1 from '../../imports/getambassador.io-v3alpha1';
import { LoadBalancer } from '../../src';
import { mappingSpec } from '../../src/resources/mapping-spec';

// mappingSpec writes a Mapping's spec directly, in place of the imported converters (their
// generic filtering cost 5% of a large synth): it must write what they write, key order included
// (cdk8s keeps it when CDK8S_DISABLE_SORT is set).
describe('mappingSpec', () => {
  const text = fc.string({ maxLength: 12 });
  const balancer = fc.oneof(
    fc.constant(undefined),
    fc.constant(LoadBalancer.roundRobin()),
    fc.constant(LoadBalancer.leastRequest()),
    fc.record({ header: fc.option(fc.constantFrom('x-user', 'x-session'), { nil: undefined }), cookie: fc.option(fc.constantFrom('sticky', 'id'), { nil: undefined }), sourceIp: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: [] })
      .filter((on) => [on.header, on.cookie, on.sourceIp].filter((x) => x !== undefined && x !== false).length === 1)
      .chain((on) => fc.constantFrom(LoadBalancer.ringHash(on), LoadBalancer.maglev(on))),
  );
  const fields = fc.record({
    addLinkerdHeaders: fc.option(fc.boolean(), { nil: undefined }),
    ambassadorId: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
    enableIpv6: fc.option(fc.boolean(), { nil: undefined }),
    host: fc.option(text, { nil: undefined }),
    loadBalancer: balancer,
    prefix: text,
    resolver: fc.option(text, { nil: undefined }),
    rewrite: fc.option(text, { nil: undefined }),
    service: text,
    timeoutMs: fc.option(fc.nat(), { nil: undefined }),
    tls: fc.option(text, { nil: undefined }),
  });
  const balancing = (lb: LoadBalancer | undefined) => lb && {
    policy: lb.policy as v3alpha1.MappingSpecLoadBalancerPolicy,
    header: lb.header,
    cookie: lb.cookie !== undefined ? { name: lb.cookie } : undefined,
    sourceIp: lb.sourceIp,
  };

  test('writes what the imported v3alpha1 and v2 converters write, in their key order', () => {
    fc.assert(fc.property(fields, (f) => {
      const { prefix, service, rewrite, resolver, timeoutMs, addLinkerdHeaders, enableIpv6 } = f;
      const common = { prefix, service, rewrite, resolver, timeoutMs, addLinkerdHeaders, enableIpv6 };
      const loadBalancer = balancing(f.loadBalancer);
      const v3 = v3alpha1.toJson_MappingSpec({ ...common, tls: f.tls, hostname: f.host, ambassadorId: f.ambassadorId, loadBalancer });
      expect(JSON.stringify(mappingSpec(false, f))).toBe(JSON.stringify(v3));
      const tls = f.tls === undefined ? undefined : v2.MappingSpecTls.fromString(f.tls);
      const v2Balancer = loadBalancer as v2.MappingSpecLoadBalancer;
      const old = v2.toJson_MappingSpec({ ...common, tls, host: f.host, ambassadorId: f.ambassadorId, loadBalancer: v2Balancer });
      expect(JSON.stringify(mappingSpec(true, f))).toBe(JSON.stringify(old));
    }), { numRuns: 300 });
  });
});
