export { CelRuleFailure, celRuleFailures } from './cel-rules';
