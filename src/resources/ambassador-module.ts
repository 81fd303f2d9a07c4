import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { effectiveAmbassadorIds, normaliseAmbassadorId } from './ambassador-id';
import { AmbassadorResource } from './ambassador-resource';
import { AmbassadorApiVersion } from './api-version';
import { AmbassadorModuleConfig, checkSetting, typedModuleConfig } from './module-config';
import * as v2 from '../../imports/getambassador.io-v2';
import * as v3alpha1 from '../../imports/getambassador.io-v3alpha1';
import { propKeys } from '../core/construct-args';
import { propError } from '../core/errors';
import { AmbassadorInstall, installFor } from '../install/ambassador-install';

/** Props for `AmbassadorModule`. */
export interface AmbassadorModuleProps {
  /**
   * Ambassador's global settings this library types (`useRemoteAddress: true` is written
   * `use_remote_address: true`), each checked for the type Emissary hands on to Envoy.
   * Patterns add their own keys with `setConfig()`; a key set twice to different values is an
   * error.
   * @default - none
   */
  readonly config?: AmbassadorModuleConfig;
  /**
   * The escape hatch: settings under Emissary's own names (`circuit_breakers`, `cors`, ...),
   * written into `spec.config` as given. Checked still: plain JSON data only (no functions,
   * cycles or prototype keys), the type Emissary passes on for keys whose type is plain, and no
   * near-miss of a known key (`use_remote_adress`), which Emissary would ignore without a word. A
   * key `config` also sets is an error.
   * @default - none
   */
  readonly rawConfig?: Record<string, unknown>;
  /**
   * `metadata.namespace`: Emissary reads the Module by name from any namespace it watches.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * `ambassador_id`: the Ambassador installation this Module configures.
   * @default - Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
  /**
   * Where Ambassador runs: an install that owns the `ambassador` Module (static YAML of
   * Emissary-ingress 2.x and later or Edge Stack, the Helm charts) takes no second one.
   * @default - `AmbassadorInstall.of(this)`: the one declared for the chart or app, if any
   */
  readonly install?: AmbassadorInstall;
}

const MODULE_PROPS = propKeys<AmbassadorModuleProps>()('config', 'rawConfig', 'namespace', 'ambassadorId', 'apiVersion', 'install');

/** Where keys for a Module an install owns go instead, by owner. */
const MODULE_KEYS_GO: Record<string, (install: AmbassadorInstall) => string> = {
  'install-manifests': (i) => `into a kustomize patch of Module "ambassador"${i.manifestNamespace ? ` in "${i.manifestNamespace}"` : ''} (${i.moduleApiVersion}, spec.config), `
    + 'listed in the kustomization that applies the static YAML (the patterns\' addKustomizeComponent() write theirs)',
  'helm-values': (i) => `under ${i.helmChart?.valuesKey ? `${i.helmChart.valuesKey}.module` : 'module'} in the chart's values (templates/module.yaml renders them as the Module's config; the patterns' addHelmValues() write theirs)`,
  'user': () => 'into the spec.config of the Module your install owns',
};

/**
 * The `ambassador` Module: Ambassador's global configuration. Emissary reads only the Module
 * named `ambassador` (any other name is stored and ignored), one per Ambassador id: with two, in
 * different namespaces, the second is renamed and only the first counts (config.py safe_store).
 * So it is a singleton: `AmbassadorModule.of(chart)` returns the chart's, and patterns merge
 * their keys into it instead of writing a second one.
 */
export class AmbassadorModule extends AmbassadorResource {
  /**
   * The `ambassador` Module of `scope`'s chart for `ambassadorId`, wherever it lives, created
   * empty (in `namespace`) the first time. Modules of different Ambassadors need different
   * namespaces: each is named `ambassador`.
   * @param namespace - where a new Module goes (default: the chart's namespace)
   */
  public static of(scope: Construct, ambassadorId?: string | string[], namespace?: string): AmbassadorModule {
    const chart = Chart.of(scope);
    const ids = normaliseAmbassadorId(chart, ambassadorId);
    // The Ambassadors that read it, as Emissary counts them: no id and ["default"] are one.
    const key = JSON.stringify([...effectiveAmbassadorIds(ids)].sort());
    // (Not `instanceof`: cdk8s makes every ApiObject an instance of each ApiObject subclass.)
    const existing = chart.node.findAll().find((c): c is AmbassadorModule => ApiObject.isApiObject(c) && c.kind === 'Module'
      && typeof (c as Partial<AmbassadorModule>).setConfig === 'function'
      && JSON.stringify([...effectiveAmbassadorIds((c as AmbassadorModule).ambassadorIds)].sort()) === key);
    return existing ?? new AmbassadorModule(chart, `AmbassadorModule${ids === undefined ? '' : `-${ids.join('-')}`}`, { ambassadorId, namespace });
  }

  /** The `ambassador_id`s written, or `undefined` for Ambassador's default. */
  public readonly ambassadorIds?: readonly string[];
  private readonly config: Record<string, unknown>;
  private readonly setBy = new Map<string, string>();

  constructor(scope: Construct, id: string, props: AmbassadorModuleProps = {}) {
    super(scope, id, { kind: 'Module', props, knownProps: MODULE_PROPS, name: 'ambassador', namespace: props?.namespace, apiVersion: props?.apiVersion });
    props = props ?? {};
    // The static YAML and the charts write their own `ambassador` Module (charts/emissary-ingress
    // templates/module.yaml, rendered into manifests/emissary/*.yaml.in): a second one in the same
    // namespace fights the install for the object, in another Emissary keeps whichever it read first.
    const install = installFor(this, this, props.install);
    if (install !== undefined && install.moduleOwner !== 'app') {
      throw propError(this, 'install', install.description, 'owns the ambassador Module: a second one would overwrite it (same namespace) or be ignored (another)',
        `put its keys ${MODULE_KEYS_GO[install.moduleOwner](install)}`);
    }
    this.ambassadorIds = normaliseAmbassadorId(this, props.ambassadorId);
    this.config = typedModuleConfig(this, props.config);
    const raw = props.rawConfig ?? {};
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw propError(this, 'rawConfig', raw, 'is not an object', 'give Emissary\'s settings by their own names, for example { circuit_breakers: [{ max_connections: 2048 }] }');
    }
    for (const [key, value] of Object.entries(raw)) {
      const checked = checkSetting(this, 'rawConfig', key, value);
      if (Object.prototype.hasOwnProperty.call(this.config, key)) {
        throw propError(this, 'rawConfig', key, 'is also set by config', `set ${key} once, in config (typed) or in rawConfig`);
      }
      this.config[key] = checked;
    }
    for (const key of Object.keys(this.config)) this.setBy.set(key, this.node.path);
    const apiVersion = this.ambassadorApiVersion;
    const ambassadorId = this.ambassadorIds && [...this.ambassadorIds];
    // The spec reads the config at synth, so keys set later by patterns are written too.
    const spec = { config: this.config, ambassadorId };
    this.setSpec(apiVersion.isV2 ? v2.toJson_ModuleSpec(spec) : v3alpha1.toJson_ModuleSpec(spec));
  }

  /**
   * Sets one config key, by Emissary's own name, for `by` (a construct, named in errors),
   * checked as `rawConfig` is; setting it again to the same value is fine, to another is an
   * error naming both.
   */
  public setConfig(key: string, value: unknown, by: Construct): void {
    checkSetting(by, 'Module config', key, value);
    if (Object.prototype.hasOwnProperty.call(this.config, key) && JSON.stringify(this.config[key]) !== JSON.stringify(value)) {
      throw propError(by, `Module config ${key}`, value, `differs from ${JSON.stringify(this.config[key])}, which ${this.setBy.get(key)} set in the one ambassador Module`,
        `make them agree, or remove ${key} from one of them`);
    }
    this.config[key] = value;
    this.setBy.set(key, by.node.path);
  }
}
