/**
 * The CEL rules of a CRD schema (`x-kubernetes-validations`), evaluated on one object as the API
 * server evaluates them when the object is created (apiextensions-apiserver
 * pkg/apiserver/schema/cel/validation.go):
 * - a rule's `self` is the value of the schema node that carries it (each item of a list, each
 *   value of a map), after defaulting, typed by the schema (cel-value.ts);
 * - a rule that reads `oldSelf` is a transition rule, evaluated on updates only: skipped;
 * - a failure reports `messageExpression`'s result (else `message`, else "failed rule: <rule>"),
 *   at the node or at its `fieldPath`, as its `reason` (default FieldValueInvalid);
 * - a rule that cannot be evaluated (a key it reads is missing) fails, as it does there.
 * The evaluator is @bufbuild/cel with its strings extension and an RE2 engine for matches(), as
 * cel-go has. Kubernetes' own libraries (lists, regex find, url, ip, cidr, quantity, format,
 * semver) and optional types are not part of it: a rule that calls one of their functions is
 * reported as not evaluated, never as passed. No bundled CRD uses them.
 */
import type * as Cel from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import { celValueOf, withDefaults } from './cel-value';

type Json = Record<string, any>;

/** How the API server words a failed rule's `reason` in its error. */
const REASONS: Record<string, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueForbidden: 'Forbidden',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
};

/** One CEL rule that does not hold (or could not be evaluated) for an object. */
export interface CelRuleFailure {
  /** The field the failure is reported at: the rule's node, or its `fieldPath` below it. */
  readonly path: ReadonlyArray<string | number>;
  /** The rule's expression. */
  readonly rule: string;
  /** What the API server would say: the rule's message (or its messageExpression's result). */
  readonly message: string;
  /** The API server's wording of the rule's `reason` (`Invalid value` by default). */
  readonly reason: string;
  /** True when the rule calls a function this evaluator lacks: neither passed nor failed. */
  readonly notEvaluated?: boolean;
}

type Program = (bindings: Json) => unknown;

let cel: typeof Cel | undefined;
let environment: Cel.CelEnv | undefined;
const programs = new Map<string, Program | Error>();

/**
 * The CEL evaluator, loaded on the first rule. Only the Gateway API and Istio schemas carry rules,
 * and loading @bufbuild/cel (with protobuf) takes ~100 ms in Node.js (~150 ms per jest test file),
 * more than the rest of the validation engine: a `check` or a synth whose objects have no rule
 * does not pay for it.
 */
function celEvaluator(): typeof Cel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cel ??= require('@bufbuild/cel') as typeof Cel;
  return cel;
}

/** The rule compiled once per process (a syntax error is kept and reported as the failure). */
function programOf(rule: string): Program | Error {
  let program = programs.get(rule);
  if (program === undefined) {
    const { celEnv, parse, plan } = celEvaluator();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    environment ??= celEnv({ funcs: (require('@bufbuild/cel/ext') as typeof CelExt).strings });
    try {
      const planned = plan(environment, parse(rule));
      program = (bindings) => planned(bindings);
    } catch (e) {
      program = e instanceof Error ? e : new Error(String(e));
    }
    programs.set(rule, program);
  }
  return program;
}

/** A rule that reads `oldSelf` compares the object with its stored version: updates only. */
const isTransitionRule = (rule: string) => /\boldSelf\b/.test(rule);

/** Every CEL rule of `schema` that `doc` fails, in document order; `[]` when all hold. */
export function celRuleFailures(doc: unknown, schema: Json): CelRuleFailure[] {
  const failures: CelRuleFailure[] = [];
  visit(withDefaults(doc, schema), schema, [], failures, true);
  return failures;
}

function visit(value: unknown, schema: Json | undefined, path: Array<string | number>, failures: CelRuleFailure[], root = false): void {
  if (schema === undefined || value === undefined || value === null) return;
  const rules: Json[] = Array.isArray(schema['x-kubernetes-validations']) ? schema['x-kubernetes-validations'] : [];
  if (rules.length > 0) {
    let self = celValueOf(value, schema) as Json;
    // At the root a rule sees only metadata.name and metadata.generateName.
    if (root && self !== null && typeof self === 'object') {
      const { name, generateName } = (value as Json).metadata ?? {};
      self = { ...self, metadata: { ...(name !== undefined && { name }), ...(generateName !== undefined && { generateName }) } };
    }
    for (const rule of rules) {
      const failure = evaluate(rule, self, path);
      if (failure) failures.push(failure);
    }
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => visit(item, schema.items, [...path, i], failures));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Json)) {
      const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      visit(item, sub, [...path, key], failures);
    }
  }
}

function evaluate(validation: Json, self: unknown, path: Array<string | number>): CelRuleFailure | undefined {
  const rule = String(validation.rule ?? '');
  if (rule === '' || isTransitionRule(rule)) return undefined;
  const at = [...path, ...fieldPathOf(validation.fieldPath)];
  const reason = REASONS[validation.reason] ?? REASONS.FieldValueInvalid;
  const program = programOf(rule);
  const result = program instanceof Error ? program : safely(program, { self });
  if (result === true) return undefined;
  if (result instanceof Error && /unbound function/.test(result.message)) {
    return { path: at, rule, reason, notEvaluated: true, message: `not evaluated: ${result.message} (a Kubernetes CEL library this check does not implement)` };
  }
  if (result instanceof Error) {
    return { path: at, rule, reason, message: `${result.message} evaluating rule: ${rule}` };
  }
  return { path: at, rule, reason, message: messageOf(validation, self, rule) };
}

/** The message of a failed rule, as the API server picks it. */
function messageOf(validation: Json, self: unknown, rule: string): string {
  if (typeof validation.messageExpression === 'string' && validation.messageExpression !== '') {
    const program = programOf(validation.messageExpression);
    const text = program instanceof Error ? program : safely(program, { self });
    // An error, a non-string, an empty or multi-line string: the API server falls back.
    if (typeof text === 'string' && text.trim() !== '' && !/[\r\n]/.test(text)) return text;
  }
  if (typeof validation.message === 'string' && validation.message !== '') return validation.message;
  return `failed rule: ${rule}`;
}

function safely(program: Program, bindings: Json): unknown {
  try {
    const result = program(bindings);
    return celEvaluator().isCelError(result) ? new Error(result.message) : result;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** `.a.b['c.d']` (a rule's fieldPath, relative to its node) as path segments. */
export function fieldPathOf(fieldPath: unknown): string[] {
  if (typeof fieldPath !== 'string' || fieldPath === '') return [];
  const segments: string[] = [];
  const pattern = /\.([A-Za-z0-9_-]+)|\['((?:[^'\\]|\\.)*)'\]/y;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(fieldPath)) !== null) segments.push(match[1] ?? match[2]);
  return segments;
}
