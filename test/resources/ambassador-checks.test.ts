import { Chart, Testing } from 'cdk8s';
import { ConsulResolver, LoadBalancer, Mapping, TlsContext } from '../../src';

const render = (build: (app: ReturnType<typeof Testing.app>) => void) => {
  const app = Testing.app();
  build(app);
  return () => Testing.synth(app.node.children.find(Chart.isChart)!);
};

describe('names Emissary keeps apart only by name, across the app', () => {
  test('two TLSContexts of one name, in two namespaces, read by one Ambassador', () => {
    const synth = render((app) => {
      new TlsContext(new Chart(app, 'a', { namespace: 'alpha' }), 'Ctx', { name: 'upstream', secret: 'a' });
      new TlsContext(new Chart(app, 'z', { namespace: 'zeta' }), 'Ctx', { name: 'upstream', secret: 'z' });
    });
    expect(synth).toThrow(/TLSContext "upstream" is defined by a\/Ctx \(namespace alpha\) and z\/Ctx \(namespace zeta\) for Ambassador "default": Emissary keeps one TLSContext per name whatever the namespace.*Fix: give each its own name/);
  });

  test('a TLSContext removed from the tree (tryRemoveChild) no longer collides', () => {
    const synth = render((app) => {
      new TlsContext(new Chart(app, 'a', { namespace: 'alpha' }), 'Ctx', { name: 'upstream', secret: 'a' });
      const z = new Chart(app, 'z', { namespace: 'zeta' });
      new TlsContext(z, 'Ctx', { name: 'upstream', secret: 'z' });
      z.node.tryRemoveChild('Ctx');
    });
    expect(synth()).toHaveLength(1);
  });

  test('are fine for different Ambassadors, and so are different names', () => {
    const synth = render((app) => {
      new TlsContext(new Chart(app, 'a', { namespace: 'alpha' }), 'Ctx', { name: 'upstream', secret: 'a', ambassadorId: 'public' });
      new TlsContext(new Chart(app, 'z', { namespace: 'zeta' }), 'Ctx', { name: 'upstream', secret: 'z', ambassadorId: 'internal' });
      new TlsContext(new Chart(app, 'o', { namespace: 'zeta' }), 'Ctx', { name: 'other', secret: 'z', ambassadorId: 'internal' });
    });
    expect(synth()).toHaveLength(1);
  });

  test('two resolvers of one name in two namespaces', () => {
    const synth = render((app) => {
      new ConsulResolver(new Chart(app, 'a', { namespace: 'alpha' }), 'R', { address: 'consul:8500' });
      new ConsulResolver(new Chart(app, 'z', { namespace: 'zeta' }), 'R', { address: 'consul:8500' });
    });
    expect(synth).toThrow(/resolver "consul-dc1" is defined by a\/R \(namespace alpha\) and z\/R \(namespace zeta\) for Ambassador "default"/);
  });
});

describe('Mappings with the same host and prefix', () => {
  const pair = (second: Partial<ConstructorParameters<typeof Mapping>[2]>) => render((app) => {
    const chart = new Chart(app, 'edge', { namespace: 'emissary' });
    const resolver = new ConsulResolver(chart, 'R', { address: 'consul:8500' });
    new Mapping(chart, 'First', { name: 'first', prefix: '/p/', service: 'p', resolver });
    new Mapping(chart, 'Second', { name: 'second', prefix: '/p/', service: 'p', resolver, ...second } as any);
  });

  test('must agree on load_balancer: Emissary drops one otherwise', () => {
    expect(pair({ loadBalancer: LoadBalancer.leastRequest() }))
      .toThrow(/Mappings edge\/First and edge\/Second both route host "\*" prefix "\/p\/" for Ambassador "default" with a different load_balancer \(\{"policy":"round_robin"\} and \{"policy":"least_request"\}\): Emissary drops the later Mapping/);
  });

  test('must agree on resolver and tls: Emissary splits the traffic otherwise', () => {
    expect(pair({ resolver: undefined, service: 'p:80', loadBalancer: LoadBalancer.roundRobin() })).toThrow(/with a different resolver \(consul-dc1 and \(default\)\): Emissary splits the traffic/);
  });

  test('a canary of the same resolver, tls and load_balancer is fine, as are other hosts', () => {
    expect(pair({})()).toHaveLength(3);
    expect(pair({ host: 'api.example.com', loadBalancer: LoadBalancer.leastRequest() })()).toHaveLength(3);
  });
});
