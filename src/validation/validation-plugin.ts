import * as fs from 'fs';
import * as path from 'path';
import { checkManifests, ManifestFinding } from './check-manifests';
import { CrdSchemas } from './crd-schemas';
import { EmissaryRelease } from './emissary-release';
import { parseManifests } from './input/parse-manifests';
import { isHelmValuesFile, isToolFile } from './input/tool-files';
import { ManifestDocument, MtlsRuleOptions } from './rules';
import { didYouMean } from '../core/similar-names';

/** The parts of cdk8s-cli's ValidationContext the plugin uses (structural, no runtime import). */
export interface PluginValidationContext {
  /** Paths of the synthesized YAML files. */
  readonly manifests: readonly string[];
  /** Construct paths by the resource names cdk8s recorded (`Kind/namespace/name` with GitOpsApp, the name with App). */
  readonly metadata?: { readonly [resourceName: string]: { readonly path: string } };
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

/** The plugin's properties. */
const PROPS = ['crds', 'externalTlsContexts', 'externalResolvers', 'emissaryVersion'];

/**
 * A cdk8s validation plugin (cdk8s.yaml `validations:`) that checks synthesized manifests: every
 * getambassador.io, security.istio.io, cert-manager.io and consul.hashicorp.com object against
 * the schema of its exact apiVersion (bundled with the package, unknown fields rejected), and the
 * mTLS wiring across resources (`checkMtlsRules`). An error fails `cdk8s synth`; a warning is
 * reported and passes. A manifest that cannot be read fails it too, naming the file and line.
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
    this.schemas = this.props.crds && this.props.crds.length > 0
      ? bundled.with(CrdSchemas.fromFiles(this.props.crds, 'AmbassadorMtlsValidation: property crds: CRD file')) : bundled;
  }

  /** Runs the checks and submits the report. */
  public async validate(context: PluginValidationContext): Promise<void> {
    const docs: ManifestDocument[] = [];
    const unreadable: ManifestFinding[] = [];
    for (const file of context.manifests) {
      // Kustomizations and Components are not manifests of the app; Helm values are read by the
      // rules for the Ambassador pod they describe (checkManifests takes them as values).
      if (isToolFile(file) && !isHelmValuesFile(file)) continue;
      const parsed = parseManifests(fs.readFileSync(file), file, { requireObjects: false });
      docs.push(...parsed.documents);
      unreadable.push(...parsed.problems.map((p): ManifestFinding => ({ rule: 'input', severity: 'error', resource: '-', file, line: p.line, column: p.column, message: p.message, fix: p.fix })));
    }
    const { externalTlsContexts, externalResolvers, emissaryVersion } = this.props;
    const findings = [...unreadable, ...checkManifests(docs, this.schemas, { externalTlsContexts, externalResolvers, emissaryVersion }).findings];
    const metadata = context.metadata ?? {};
    for (const f of findings) {
      const name = f.resource.split('/').slice(2).join('/');
      context.report.addViolation({
        ruleName: f.severity === 'warning' ? `${f.rule} (warning)` : f.rule,
        recommendation: f.message,
        fix: f.rule === 'crd-schema' && f.message.startsWith('no CRD schema') ? `${f.fix}, or give the CRD file in the plugin property crds` : f.fix,
        violatingResources: [{
          // cdk8s looks the construct path up by this name: GitOpsApp records Kind/namespace/name,
          // cdk8s's App the name alone.
          resourceName: metadata[f.resource] === undefined && metadata[name] !== undefined ? name : f.resource,
          // One location per violation, so cdk8s's report counts it: the file, line and column
          // (and the field), then a schema problem's failing fields.
          locations: [`${path.relative(process.cwd(), f.file)}${f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : ''}${f.field ? ` (${f.field})` : ''}`, ...(f.details ?? []).slice(1)],
          manifestPath: path.relative(process.cwd(), f.file),
        }],
      });
    }
    const failed = findings.some((f) => f.severity === 'error');
    context.report.submit(failed ? 'failure' : 'success', { documents: String(docs.length), emissaryVersion: emissaryVersion ?? EmissaryRelease.DEFAULT.toString() });
  }
}

/** The plugin's properties come from YAML: check their shapes, with the fix. */
function checkProps(props: AmbassadorMtlsValidationProps): AmbassadorMtlsValidationProps {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new Error(`AmbassadorMtlsValidation: properties ${JSON.stringify(props)} are not a mapping. Fix: write properties: as a YAML mapping, for example properties: { crds: [crds.yaml] }`);
  }
  for (const key of ['crds', 'externalTlsContexts', 'externalResolvers'] as const) {
    const value = props[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === ''))) {
      throw new Error(`AmbassadorMtlsValidation: property ${key} ${JSON.stringify(value)} is not a list of strings. Fix: write it as a YAML list, for example ${key}: [name-one, name-two]`);
    }
  }
  if (props.emissaryVersion !== undefined) {
    try {
      EmissaryRelease.parse(props.emissaryVersion);
    } catch (e) {
      throw new Error(`AmbassadorMtlsValidation: property emissaryVersion: ${(e as Error).message} (quote it in YAML: emissaryVersion: "3.10")`);
    }
  }
  const unknown = Object.keys(props).filter((k) => !PROPS.includes(k));
  if (unknown.length > 0) {
    throw new Error(`AmbassadorMtlsValidation: unknown properties ${JSON.stringify(unknown)}${didYouMean(unknown[0], PROPS)}. Fix: use ${PROPS.join(', ')}, or none`);
  }
  return props;
}
