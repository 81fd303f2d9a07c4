export * from './crd-schemas';
export { CelRuleFailure } from './cel';
export { closeObjects } from './close-objects';
export * from './rules';
export * from './validation-plugin';
export * from './check-manifests';
export { EmissaryRelease } from './emissary-release';
export { parseManifests, ParsedManifests, ParseManifestsOptions, InputProblem } from './input/parse-manifests';
export { decodeText, DecodedText } from './input/decode-text';
