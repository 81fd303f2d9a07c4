import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { checkManifests } from './check-manifests';
import { CrdSchemas } from './crd-schemas';
import { ManifestDocument, MtlsRuleOptions } from './rules';

/** The parts of cdk8s-cli's ValidationContext the plugin uses (structural, no runtime import). */
export interface PluginValidationContext {
  /** Paths of the synthesized YAML files. */
  readonly manifests: readonly string[];
  /** The report to fill in and submit. */
  readonly report: {
    addViolation(violation: {
      ruleName: string;
      recommendation: string;
      fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
}

/** Properties of the plugin, from `validations[].properties` in cdk8s.yaml; all optional. */
export interface AmbassadorMtlsValidationProps extends MtlsRuleOptions {
  /**
   * Extra CRD files (paths relative to the directory `cdk8s synth` runs in), for CRDs or versions
   * this package does not ship, such as another Emissary release's. A kind and version they
   * define replaces the bundled schema of that kind and version.
   * @default - none: the schemas bundled with the package
   */
  readonly crds?: string[];
}

/**
 * A cdk8s validation plugin (cdk8s.yaml `validations:`) that checks synthesized manifests: every
 * getambassador.io, security.istio.io, cert-manager.io and consul.hashicorp.com object against
 * the schema of its exact apiVersion (bundled with the package, unknown fields rejected), and the
 * mTLS wiring across resources (`checkMtlsRules`). Any violation fails `cdk8s synth`.
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-ambassador-mtls
 *     version: 0.0.0
 *     class: AmbassadorMtlsValidation
 * ```
 */
export class AmbassadorMtlsValidation {
  private readonly schemas: CrdSchemas;
  private readonly props: AmbassadorMtlsValidationProps;

  constructor(props: AmbassadorMtlsValidationProps = {}) {
    this.props = checkProps(props ?? {});
    const bundled = CrdSchemas.bundled();
    this.schemas = this.props.crds && this.props.crds.length > 0 ? bundled.with(CrdSchemas.fromFiles(this.props.crds)) : bundled;
  }

  /** Runs the checks and submits the report. */
  public async validate(context: PluginValidationContext): Promise<void> {
    const docs: ManifestDocument[] = [];
    for (const file of context.manifests) {
      // Kustomizations, Components and Helm values are not manifests of the app: checkManifests skips them.
      parseAllDocuments(fs.readFileSync(file, 'utf8')).forEach((d, index) => docs.push({ doc: d.toJS(), file, index }));
    }
    let failed = false;
    // resourceName is what cdk8s looks up in construct-metadata.json (GitOpsApp writes it with these ids).
    for (const f of checkManifests(docs, this.schemas, this.props).findings) {
      failed = true;
      context.report.addViolation({
        ruleName: f.rule,
        recommendation: f.message,
        fix: f.rule === 'crd-schema' && f.message.startsWith('no CRD schema') ? `${f.fix}, or give the CRD file in the plugin property crds` : f.fix,
        violatingResources: [{ resourceName: f.resource, locations: [...(f.details ?? [])], manifestPath: path.relative(process.cwd(), f.file) }],
      });
    }
    context.report.submit(failed ? 'failure' : 'success', { documents: String(docs.length) });
  }
}

/** The plugin's properties come from YAML: check their shapes, with the fix. */
function checkProps(props: AmbassadorMtlsValidationProps): AmbassadorMtlsValidationProps {
  for (const key of ['crds', 'externalTlsContexts', 'externalResolvers'] as const) {
    const value = props[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))) {
      throw new Error(`AmbassadorMtlsValidation: property ${key} ${JSON.stringify(value)} is not a list of strings. Fix: write it as a YAML list, for example ${key}: [name-one, name-two]`);
    }
  }
  const unknown = Object.keys(props).filter((k) => !['crds', 'externalTlsContexts', 'externalResolvers'].includes(k));
  if (unknown.length > 0) {
    throw new Error(`AmbassadorMtlsValidation: unknown properties ${JSON.stringify(unknown)}. Fix: use crds, externalTlsContexts or externalResolvers, or none`);
  }
  return props;
}
