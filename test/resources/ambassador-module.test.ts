import { Testing, Chart } from 'cdk8s';
import { AmbassadorApiVersion, AmbassadorModule } from '../../src';
import { findObject, synthValid, testChart } from '../support/synth';

describe('AmbassadorModule', () => {
  test('one per chart and Ambassador id: of() returns it, and keys set later are written', () => {
    const chart = testChart('emissary');
    const module = AmbassadorModule.of(chart);
    expect(AmbassadorModule.of(chart)).toBe(module);
    module.setConfig('use_remote_address', true, chart);
    module.setConfig('use_remote_address', true, chart); // the same value again is fine
    const other = AmbassadorModule.of(chart, 'edge', 'edge'); // another Ambassador: another namespace
    expect(AmbassadorModule.of(chart, ['edge'])).toBe(other);
    expect(other).not.toBe(module);
    other.setConfig('xff_num_trusted_hops', 1, chart);
    const docs = synthValid(chart);
    expect(docs.filter((d) => d.kind === 'Module')).toMatchSnapshot();
    const modules = docs.filter((d) => d.kind === 'Module');
    // Emissary reads only the Module named "ambassador".
    expect(modules.map((m) => m.metadata.name)).toEqual(['ambassador', 'ambassador']);
    expect(modules.map((m) => m.spec)).toEqual([{ config: { use_remote_address: true } }, { config: { xff_num_trusted_hops: 1 }, ambassador_id: ['edge'] }]);
  });

  test('of() finds the Module of an Ambassador however its id is spelt: none and "default" are one', () => {
    const chart = testChart('emissary');
    const mine = new AmbassadorModule(chart, 'Mine', { ambassadorId: 'default', namespace: 'ops', config: { use_remote_address: true } });
    expect(AmbassadorModule.of(chart)).toBe(mine);
    AmbassadorModule.of(chart).setConfig('add_linkerd_headers', true, chart);
    expect(findObject(synthValid(chart), 'Module', 'ambassador').spec.config).toEqual({ use_remote_address: true, add_linkerd_headers: true });
  });

  test('a key set twice to different values names both setters', () => {
    const chart = testChart('emissary');
    const module = new AmbassadorModule(chart, 'Module', { config: { use_remote_address: false } });
    expect(() => module.setConfig('use_remote_address', true, chart))
      .toThrow(/^test: Module config use_remote_address true differs from false, which test\/Module set in the one ambassador Module\. Fix:/);
    expect(() => new AmbassadorModule(testChart('e'), 'Bad', { config: [] as any })).toThrow(/test\/Bad: config \[\] is not an object/);
  });

  test('two Modules for one Ambassador, in one chart or across charts, fail the synth', () => {
    const chart = testChart('emissary');
    new AmbassadorModule(chart, 'A');
    new AmbassadorModule(chart, 'B', { namespace: 'other' });
    expect(() => Testing.synth(chart)).toThrow(/Module "ambassador" is defined by test\/A .*Fix: keep one Module per Ambassador .* merge their config/);
    const app = Testing.app();
    new AmbassadorModule(new Chart(app, 'one', { namespace: 'a' }), 'M');
    const two = new Chart(app, 'two', { namespace: 'b' });
    new AmbassadorModule(two, 'M');
    expect(() => Testing.synth(two)).toThrow(/Module/);
  });

  test('v2 Modules too', () => {
    const chart = testChart('emissary');
    AmbassadorApiVersion.use(chart, AmbassadorApiVersion.V2);
    AmbassadorModule.of(chart).setConfig('add_linkerd_headers', true, chart);
    expect(findObject(synthValid(chart), 'Module', 'ambassador')).toMatchObject({ apiVersion: 'getambassador.io/v2', spec: { config: { add_linkerd_headers: true } } });
  });
});
