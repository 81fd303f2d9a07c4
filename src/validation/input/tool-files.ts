import * as path from 'path';

/**
 * Files that configure a tool rather than hold objects to apply, as kustomize and Helm name
 * them: kustomization files, Helm's Chart.yaml, and values files (values.yaml, values-*.yaml,
 * *-values.yaml, *.values.yaml).
 */
const TOOL_FILE = /^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|values\.ya?ml|values[-.].+\.ya?ml|.+[-.]values\.ya?ml)$/;
const HELM_VALUES_FILE = /^(values\.ya?ml|values[-.].+\.ya?ml|.+[-.]values\.ya?ml)$/;

/** True for a kustomization, Chart.yaml or Helm values file (by its base name). */
export const isToolFile = (file: string): boolean => TOOL_FILE.test(path.basename(file));

/**
 * True for a Helm values file (by its base name): its documents are values, not objects. The
 * rules read those of Ambassador's chart for the pod they describe (`volumeMounts`).
 */
export const isHelmValuesFile = (file: string): boolean => HELM_VALUES_FILE.test(path.basename(file));
