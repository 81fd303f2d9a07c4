#!/usr/bin/env node
// Reads one kustomize Component of ours (its kustomization.yaml and the patches it lists) against
// a real static install of Ambassador (../shared/reference/emissary-v*/emissary-emissaryns.yaml).
// Usage:
//   component-check.js match COMPONENT_DIR INSTALL_YAML   exit 0 when the Component's Deployment
//                                                        patch names a Deployment of the install
//   component-check.js check COMPONENT_DIR BUILT_YAML INSTALL_YAML
//                                                        the install's Deployment as built with
//                                                        the Component: the same containers (one
//                                                        Ambassador container, same name and
//                                                        image), with every volume, mount, env
//                                                        var, label and annotation of the patch;
//                                                        a patched Module keeps its keys and
//                                                        gains the patch's
const fs = require('fs');
const path = require('path');
const { parseAllDocuments, parse } = require('yaml');

const [mode, componentDir, ...files] = process.argv.slice(2);
const docsOf = (file) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((d) => d && d.kind);
const kustomization = parse(fs.readFileSync(path.join(componentDir, 'kustomization.yaml'), 'utf8'));
const patches = (kustomization.patches ?? []).flatMap((p) => docsOf(path.join(componentDir, p.path)));
const deploymentPatch = patches.find((p) => p.kind === 'Deployment');
const modulePatch = patches.find((p) => p.kind === 'Module');
const same = (a, b) => a.kind === b.kind && a.metadata?.name === b.metadata?.name && (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');

if (mode === 'match') {
  const install = docsOf(files[0]);
  process.exit(deploymentPatch && install.some((d) => same(d, deploymentPatch)) ? 0 : 1);
}

const [builtFile, installFile] = files;
const built = docsOf(builtFile);
const original = docsOf(installFile).find((d) => same(d, deploymentPatch));
const result = built.find((d) => same(d, deploymentPatch));
const problems = [];
const where = `${componentDir} over ${path.basename(path.dirname(installFile))}`;
if (!result) problems.push(`no Deployment ${deploymentPatch.metadata.name} in the build`);
else {
  const pod = result.spec.template;
  const was = original.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`);
  const now = pod.spec.containers.map((c) => `${c.name}=${c.image}`);
  if (JSON.stringify(was) !== JSON.stringify(now)) problems.push(`containers ${now.join(', ')} are not the install's ${was.join(', ')} (a misnamed container is added image-less)`);
  const wanted = deploymentPatch.spec?.template ?? {};
  for (const [kind, field] of [['label', 'labels'], ['annotation', 'annotations']]) {
    for (const [key, value] of Object.entries(wanted.metadata?.[field] ?? {})) {
      if (pod.metadata?.[field]?.[key] !== value) problems.push(`pod ${kind} ${key} is ${JSON.stringify(pod.metadata?.[field]?.[key])}, not ${JSON.stringify(value)}`);
    }
  }
  const has = (list, entry) => (list ?? []).some((e) => isDeepSubset(entry, e));
  for (const volume of wanted.spec?.volumes ?? []) if (!has(pod.spec.volumes, volume)) problems.push(`volume ${volume.name} missing`);
  for (const patched of wanted.spec?.containers ?? []) {
    const container = pod.spec.containers.find((c) => c.name === patched.name);
    if (!container) {
      problems.push(`container ${patched.name} of the patch is not in the Deployment`);
      continue;
    }
    for (const mount of patched.volumeMounts ?? []) if (!has(container.volumeMounts, mount)) problems.push(`mount ${mount.mountPath} missing in ${patched.name}`);
    for (const env of patched.env ?? []) if (!has(container.env, env)) problems.push(`env ${env.name} missing in ${patched.name}`);
    const names = (container.env ?? []).map((e) => e.name);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) problems.push(`env ${twice.join(', ')} set twice in ${patched.name}`);
  }
}
if (modulePatch) {
  const module = built.find((d) => same(d, modulePatch));
  const before = docsOf(installFile).find((d) => same(d, modulePatch));
  if (!module || !before) problems.push(`Module ${modulePatch.metadata.name} missing in the install or the build`);
  else {
    for (const [key, value] of Object.entries({ ...before.spec.config, ...modulePatch.spec.config })) {
      if (JSON.stringify(module.spec.config[key]) !== JSON.stringify(value)) problems.push(`Module config ${key} is ${JSON.stringify(module.spec.config[key])}, not ${JSON.stringify(value)}`);
    }
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(`component-check: ${where}: ${p}`);
  process.exit(1);
}
const container = result.spec.template.spec.containers.find((c) => c.name === deploymentPatch.spec?.template?.spec?.containers?.[0]?.name);
console.log(`component-check: ${where}: Deployment ${result.metadata.namespace ?? '-'}/${result.metadata.name} keeps its ${result.spec.template.spec.containers.length} container(s)`
  + `${container ? `, "${container.name}" has the patch's mounts and env` : ''}${modulePatch ? ', the Module has the patch\'s keys and its own' : ''}`);

/** True when every field of `want` is in `have` with the same value (recursively). */
function isDeepSubset(want, have) {
  if (want === null || typeof want !== 'object') return want === have;
  if (have === null || typeof have !== 'object') return false;
  return Object.entries(want).every(([k, v]) => isDeepSubset(v, have[k]));
}
