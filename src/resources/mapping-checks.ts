import { IConstruct } from 'constructs';
import { AmbassadorApiVersion } from './api-version';
import { hostProblem, pathProblem } from '../core/emissary-syntax';
import { propError } from '../core/errors';

/**
 * Throws unless `value` is a URL path Emissary can match as written (`prefix`, `rewrite`; a
 * `rewrite` may be `''`): see `pathProblem`, which the rule engine applies to YAML too.
 */
export function checkPath(scope: IConstruct, prop: string, value: unknown, emptyAllowed: boolean): string {
  const problem = pathProblem(prop, value, emptyAllowed);
  if (problem) throw propError(scope, prop, value, problem.message, problem.fix);
  return value as string;
}

/** The request host a Mapping matches: a DNS name or glob, and no glob in v2 (exact match). */
export function checkHost(scope: IConstruct, host: string, apiVersion: AmbassadorApiVersion): string {
  const problem = hostProblem(host, apiVersion.isV2);
  if (problem) throw propError(scope, 'host', host, problem.message, problem.fix);
  return host;
}
