// Validates Argo CD and Flux objects against those projects' own API schemas, as the
// @kubernetes-models/argo-cd and @kubernetes-models/flux-cd packages compile them, and returns the
// problems. It runs in a worker thread that jest's tests call synchronously through synckit
// (test/support/delivery-api.ts): those packages are ES modules only, which jest's CommonJS
// runtime cannot load, and one worker per test file loads them once, where a Node process per
// call paid ~0.25 s each time.
//
// Their validators check types, enums and required fields but let undeclared fields through (the
// CRD schemas they come from set no additionalProperties), while the API server would prune
// such a misspelt field silently. So every object is also checked for fields the schema does not
// declare: the document is handed to the validator behind proxies that record which fields the
// validator looks up at each place; a field it never looks up, in an object whose keys it never
// lists (maps such as labels are listed), is one the schema does not declare.
import { runAsWorker } from 'synckit';
import { ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';

const MODELS = {
  'argoproj.io/v1alpha1/ApplicationSet': ApplicationSet,
  'argoproj.io/v1alpha1/Application': Application,
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': Kustomization,
};

/** A proxy of `value` (and, lazily, of everything under it) that records the fields read. */
function tracked(value, path, seen) {
  if (value === null || typeof value !== 'object') return value;
  const entry = { value, path, read: new Set(), listed: false };
  seen.push(entry);
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string') entry.read.add(key);
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || child === null || typeof child !== 'object') return child;
      if (!children.has(key)) children.set(key, tracked(child, `${path}/${key}`, seen));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === 'string') entry.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      entry.listed = true;
      return Reflect.ownKeys(target);
    },
  });
}

function problems(doc) {
  const Model = MODELS[`${doc?.apiVersion}/${doc?.kind}`];
  if (!Model) return [`no schema for ${doc?.apiVersion} ${doc?.kind}`];
  const found = [];
  try {
    new Model(doc).validate();
  } catch (e) {
    found.push(e.message);
  }
  // The validator runs on the model (`validate.call(model)`); call it on the tracked document.
  const seen = [];
  try {
    Model.prototype.validate.call(tracked(JSON.parse(JSON.stringify(doc)), '', seen));
  } catch {
    // reported above
  }
  for (const { value, path, read, listed } of seen) {
    if (Array.isArray(value) || listed) continue;
    for (const key of Object.keys(value)) {
      if (!read.has(key)) found.push(`${path || '/'}: field "${key}" is not declared by the ${doc.kind} schema`);
    }
  }
  return found;
}

// `docs` arrives as JSON text, so that the objects are exactly what a YAML or JSON file would hold
// (no undefined fields, which a structured clone would keep).
runAsWorker(async (json) => JSON.parse(json).flatMap((doc) => problems(doc).map((p) => `${doc?.kind}/${doc?.metadata?.name}: ${p}`)));
