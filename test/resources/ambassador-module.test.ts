import { Chart, Duration, Testing } from 'cdk8s';
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
    const mine = new AmbassadorModule(chart, 'Mine', { ambassadorId: 'default', namespace: 'ops', config: { useRemoteAddress: true } });
    expect(AmbassadorModule.of(chart)).toBe(mine);
    AmbassadorModule.of(chart).setConfig('add_linkerd_headers', true, chart);
    expect(findObject(synthValid(chart), 'Module', 'ambassador').spec.config).toEqual({ use_remote_address: true, add_linkerd_headers: true });
  });

  test('a key set twice to different values names both setters', () => {
    const chart = testChart('emissary');
    const module = new AmbassadorModule(chart, 'Module', { config: { useRemoteAddress: false } });
    expect(() => module.setConfig('use_remote_address', true, chart))
      .toThrow(/^test: Module config use_remote_address true differs from false, which test\/Module set in the one ambassador Module\. Fix:/);
    expect(() => new AmbassadorModule(testChart('e'), 'Bad', { config: [] as any })).toThrow(/test\/Bad: config \[\] is not an object/);
  });

  test('typed settings are written under Emissary\'s names; rawConfig is the escape hatch for the rest', () => {
    const chart = testChart('emissary');
    new AmbassadorModule(chart, 'Module', {
      config: {
        useRemoteAddress: false,
        xffNumTrustedHops: 2,
        enableIpv6: true,
        listenerIdleTimeout: Duration.minutes(5),
        diagnostics: { enabled: true, allowNonLocal: false },
      },
      rawConfig: { circuit_breakers: [{ max_connections: 2048 }], lua_scripts: 'function envoy_on_request(h) end', my_future_setting: { a: 1 } },
    });
    expect(findObject(synthValid(chart), 'Module', 'ambassador').spec.config).toEqual({
      use_remote_address: false,
      xff_num_trusted_hops: 2,
      enable_ipv6: true,
      listener_idle_timeout_ms: 300000,
      diagnostics: { enabled: true, allow_non_local: false },
      circuit_breakers: [{ max_connections: 2048 }],
      lua_scripts: 'function envoy_on_request(h) end',
      my_future_setting: { a: 1 }, // a key no release knows yet, and far from every known one: written as given
    });
  });

  test('a value of the wrong type, a near-miss key, a snake_case key in config, or a key given twice is refused', () => {
    const module = (props: object) => () => new AmbassadorModule(testChart('emissary'), 'Module', props as any);
    // Emissary copies it into Envoy's BoolValue: Envoy refuses the listener and Emissary takes no configuration.
    expect(module({ config: { useRemoteAddress: 'yes' } }))
      .toThrow(/test\/Module: config\.useRemoteAddress "yes" is not true or false, which Emissary passes to Envoy as is \(Envoy would refuse the configuration, and Emissary then takes none\)/);
    expect(module({ rawConfig: { use_remote_address: 'yes' } })).toThrow(/test\/Module: rawConfig\.use_remote_address "yes" is not true or false/);
    expect(module({ rawConfig: { xff_num_trusted_hops: 1.5 } })).toThrow(/rawConfig\.xff_num_trusted_hops 1\.5 is not a whole number/);
    // Emissary ignores an unknown key without a word.
    expect(module({ rawConfig: { use_remote_adress: true } }))
      .toThrow(/test\/Module: Module config key "use_remote_adress" is no setting Emissary knows \(it would ignore it without a word\), and close to "use_remote_address"\. Fix: write "use_remote_address"/);
    expect(module({ config: { use_remote_address: true } })).toThrow(/test\/Module: config "use_remote_address" is not a setting AmbassadorModule types\. Fix: write it as useRemoteAddress, or under Emissary's name in rawConfig/);
    expect(module({ config: { useRemoteAddress: true }, rawConfig: { use_remote_address: true } })).toThrow(/rawConfig "use_remote_address" is also set by config/);
    expect(module({ config: { diagnostics: { allowNonLocal: 'no' } } })).toThrow(/config\.diagnostics\.allowNonLocal "no" is not true or false/);
    expect(module({ config: { listenerIdleTimeout: 300 } })).toThrow(/config\.listenerIdleTimeout 300 is not a cdk8s Duration/);
  });

  test('a function, a cycle, a class instance or a prototype key is our error, not a crash at synth', () => {
    const module = (rawConfig: object) => () => new AmbassadorModule(testChart('emissary'), 'Module', { rawConfig: rawConfig as any });
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(module({ cors: { origins: () => '*' } })).toThrow(/test\/Module: rawConfig\.cors\.origins \(a function origins\) is a function, which a manifest cannot hold/);
    expect(module({ cors: circular })).toThrow(/rawConfig\.cors\.self "\(a circular reference\)" refers to an object that contains it/);
    expect(module({ defaults: new Date(0) })).toThrow(/rawConfig\.defaults .* is not plain data \(a class instance\)/);
    expect(module({ defaults: JSON.parse('{"constructor": {"x": 1}}') })).toThrow(/rawConfig\.defaults key "constructor" is an object prototype key, not a setting/);
    expect(module(JSON.parse('{"constructor": 1}'))).toThrow(/Module config key "constructor" is not an Emissary setting name/);
    expect(module({ regex_max_size: Infinity })).toThrow(/rawConfig\.regex_max_size Infinity is not a finite number/);
    expect(() => AmbassadorModule.of(testChart('e')).setConfig('cors', { origins: 1n } as any, testChart('e'))).toThrow(/Module config\.cors\.origins 1n is a bigint/);
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
