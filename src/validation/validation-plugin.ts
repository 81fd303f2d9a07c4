import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CrdSchemas } from './crd-schemas';
import { checkMtlsRules, ManifestDocument, MtlsRuleOptions } from './mtls-rules';

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

/** Properties of the plugin, from `validations[].properties` in cdk8s.yaml. */
export interface AmbassadorMtlsValidationProps extends MtlsRuleOptions {
  /**
   * CRD files (paths relative to the directory `cdk8s synth` runs in) whose schemas
   * getambassador.io and security.istio.io objects must satisfy, unknown fields rejected.
   * @default - no schema check, cross-resource rules only
   */
  readonly crds?: string[];
}

/**
 * A cdk8s validation plugin (cdk8s.yaml `validations:`) that checks synthesized manifests: CRD
 * schemas of their exact apiVersion, and the mTLS wiring across resources (`checkMtlsRules`).
 * Any violation fails `cdk8s synth`.
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-ambassador-mtls/lib/src/validation-plugin.js
 *     version: 0.0.0
 *     class: AmbassadorMtlsValidation
 *     properties: { crds: [crds/emissary-crds.yaml] }
 * ```
 */
export class AmbassadorMtlsValidation {
  private readonly crds?: CrdSchemas;

  constructor(private readonly props: AmbassadorMtlsValidationProps = {}) {
    if (props.crds !== undefined) {
      const missing = props.crds.filter((f) => !fs.existsSync(f));
      if (missing.length > 0) {
        throw new Error(`AmbassadorMtlsValidation: crds ${JSON.stringify(missing)} not found from ${process.cwd()}. Fix: give paths relative to where cdk8s synth runs`);
      }
      this.crds = CrdSchemas.fromFiles(props.crds);
    }
  }

  /** Runs the checks and submits the report. */
  public async validate(context: PluginValidationContext): Promise<void> {
    const docs: ManifestDocument[] = [];
    for (const file of context.manifests) {
      for (const d of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const doc = d.toJS();
        // Kustomizations, Components and Helm values are not manifests of the app.
        if (doc && typeof doc.apiVersion === 'string' && typeof doc.kind === 'string' && !doc.apiVersion.startsWith('kustomize.config.k8s.io/')) {
          docs.push({ doc, file });
        }
      }
    }
    let failed = false;
    const report = (rule: string, m: { file: string; resource: string }, recommendation: string, fix: string) => {
      failed = true;
      context.report.addViolation({
        ruleName: rule,
        recommendation,
        fix,
        violatingResources: [{ resourceName: m.resource, locations: [], manifestPath: path.relative(process.cwd(), m.file) }],
      });
    };
    if (this.crds) {
      for (const m of docs) {
        if (!this.crds.hasGroupVersion(m.doc.apiVersion)) continue;
        const resource = `${m.doc.kind}/${m.doc.metadata?.namespace ?? '-'}/${m.doc.metadata?.name}`;
        const problems = this.crds.errors(m.doc);
        if (problems === undefined) {
          report('crd-schema', { file: m.file, resource }, `no CRD defines kind ${m.doc.kind} in ${m.doc.apiVersion}`, 'use a kind and apiVersion the CRDs define');
        } else if (problems.length > 0) {
          report('crd-schema', { file: m.file, resource }, `fails the ${m.doc.apiVersion} schema: ${problems.join('; ')}`, 'fix or remove the fields named (the API server would reject or prune them)');
        }
      }
    }
    for (const v of checkMtlsRules(docs, this.props)) report(v.rule, v, v.message, v.fix);
    context.report.submit(failed ? 'failure' : 'success', { documents: String(docs.length) });
  }
}
