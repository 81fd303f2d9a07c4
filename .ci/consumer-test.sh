#!/usr/bin/env bash
# The consumer test: packs the library as it is published (`npx projen package`: the staged
# copy with the published manifest), installs the tarball into a throw-away cdk8s app outside
# the repository (cdk8s-plus-33, the project's own lockfile versions of cdk8s, constructs,
# cdk8s-cli and TypeScript), compiles it with tsc (node10 and node16 module resolution, so
# `types` and the `exports` map are both checked) and synthesizes it with `cdk8s synth`, whose
# validation plugin (from the package, no properties) must pass, and fail on a broken Mapping;
# checks that npm reports no install script of ours, that a construct error's stack frames
# point at files the package ships, and runs the package's command line (check, migrate) as
# `npx cdk8s-ambassador-mtls`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/consumer-app.XXXXXX")
trap 'rm -rf "$work"' EXIT

version_of() { node -p "require('$root/node_modules/$1/package.json').version"; }

version=$(node -p "require('$root/package.json').version")
tarball=$(cd "$root" && npx projen package 2>/dev/null | tail -1)
[ "$tarball" = "$root/artifacts/js/cdk8s-ambassador-mtls-$version.tgz" ] && [ -s "$tarball" ] \
  || { echo "consumer app: npx projen package did not write cdk8s-ambassador-mtls-$version.tgz (got: $tarball)" >&2; exit 1; }
tar -xzOf "$tarball" package/package.json | node -e '
  const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (m.scripts) { console.error("consumer app: the packed manifest has scripts:", Object.keys(m.scripts)); process.exit(1); }'
cp "$root/.ci/consumer-app/"* "$work/"
sed -i "s/PACKAGE_VERSION/$version/" "$work/cdk8s.yaml"
cd "$work"
cat > package.json <<EOF
{ "name": "consumer-app", "version": "0.0.0", "private": true }
EOF
npm install --no-audit --no-fund \
  "$tarball" \
  "cdk8s@$(version_of cdk8s)" "constructs@$(version_of constructs)" "cdk8s-plus-33@$(version_of cdk8s-plus-33)" \
  "cdk8s-cli@$(version_of cdk8s-cli)" "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)" >install.log 2>&1 \
  || { cat install.log >&2; exit 1; }
# npm 11 lists the packages whose install scripts it did not run; ours has none (no `prepare`).
if grep -q 'cdk8s-ambassador-mtls' install.log; then cat install.log >&2; echo "consumer app: npm reported something about our package on install" >&2; exit 1; fi

npx tsc -p tsconfig.json
npx tsc -p tsconfig.json --noEmit --module node16 --moduleResolution node16
echo "consumer app: tsc ok (node10 and node16 resolution)"

# A construct error's stack, source-mapped as ts-node or `node --enable-source-maps` maps it:
# the frames inside the package name TypeScript files the package ships.
node --enable-source-maps -e '
  const { App, Chart } = require("cdk8s");
  const { TlsContext } = require("cdk8s-ambassador-mtls");
  try { new TlsContext(new Chart(new App(), "c"), "Bad", { name: "Bad_Name", secret: "s" }); } catch (e) { console.log(e.stack); process.exit(0); }
  console.error("no error thrown"); process.exit(1);' >stack.log
frames=$(grep -o 'node_modules/cdk8s-ambassador-mtls/[^:)]*' stack.log | sort -u)
[ -n "$frames" ] || { cat stack.log >&2; echo "consumer app: no stack frame in the package" >&2; exit 1; }
for frame in $frames; do
  case "$frame" in *.ts) ;; *) cat stack.log >&2; echo "consumer app: frame $frame is not source-mapped" >&2; exit 1 ;; esac
  [ -f "$frame" ] || { cat stack.log >&2; echo "consumer app: frame $frame names a file the package does not ship" >&2; exit 1; }
done
echo "consumer app: stack frames point at shipped sources ($(echo "$frames" | wc -l) file(s))"

npx cdk8s synth --no-check-upgrade >synth.log 2>&1 || { cat synth.log >&2; echo "consumer app: cdk8s synth failed" >&2; exit 1; }
grep -q 'Validations ended succesfully' synth.log || { cat synth.log >&2; echo "consumer app: the validation plugin did not run" >&2; exit 1; }
for f in dist/istio.k8s.yaml dist/istio-legacy.k8s.yaml dist/consul.k8s.yaml dist/istio/helm/ambassador-istio-values.yaml; do
  [ -s "$f" ] || { echo "consumer app: $f was not written" >&2; exit 1; }
done
grep -q 'secretName: istio.default' dist/istio-legacy.k8s.yaml || { echo "consumer app: the plain Deployment was not wired" >&2; exit 1; }
grep -q '^emissary-ingress:' dist/istio/helm/ambassador-istio-values.yaml || { echo "consumer app: the Edge Stack values are not under emissary-ingress:" >&2; exit 1; }
grep -q 'service: https://reviews.bookinfo:9080' dist/istio.k8s.yaml || { echo "consumer app: the cdk8s-plus-33 Service was not used" >&2; exit 1; }
grep -q 'cluster.local/ns/emissary/sa/default' dist/istio.k8s.yaml || { echo "consumer app: the AuthorizationPolicy does not allow the Deployment's account" >&2; exit 1; }
awk 'BEGIN { RS = "\n---\n" } /kind: AuthorizationPolicy/' dist/istio.k8s.yaml | grep -q 'app: reviews' || { echo "consumer app: the AuthorizationPolicy is not scoped to the Service's pods" >&2; exit 1; }
grep -q 'linkerd.io/inject: enabled' dist/linkerd.k8s.yaml || { echo "consumer app: the cdk8s-plus-33 Deployment was not meshed by Linkerd" >&2; exit 1; }
grep -q 'add_linkerd_headers: true' dist/linkerd.k8s.yaml || { echo "consumer app: the ambassador Module has no add_linkerd_headers" >&2; exit 1; }
grep -q 'sni: inventory.warehouse' dist/cert-manager.k8s.yaml || { echo "consumer app: the cert-manager TLSContext has no SNI" >&2; exit 1; }
grep -q 'mountPath: /etc/cert-manager-ca/' dist/istio.k8s.yaml || { echo "consumer app: the CA is not mounted into the cdk8s-plus-33 Deployment" >&2; exit 1; }
grep -q 'secretName: inventory-tls' dist/cert-manager.k8s.yaml || { echo "consumer app: no server Certificate for the cdk8s-plus-33 Service" >&2; exit 1; }
echo "consumer app: cdk8s synth ok, plugin passed ($(ls dist/*.k8s.yaml | wc -l) chart files)"

# The docs' example programs (test/examples/, shown verbatim in README.md and docs/), as a user
# pastes them into an app made by `cdk8s init typescript-app`: compiled with that template's own
# tsconfig.json (strict, unused locals refused, the library's types checked), then each one
# synthesized by `cdk8s synth` with the validation plugin.
mkdir examples
for f in "$root"/test/examples/*.ts; do
  sed "s#'\.\./\.\./src'#'cdk8s-ambassador-mtls'#" "$f" >"examples/$(basename "$f")"
done
if grep -l "'\.\./" examples/*.ts; then echo "consumer app: an example imports a repository path" >&2; exit 1; fi
node -e '
  const fs = require("fs");
  const t = JSON.parse(fs.readFileSync("node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json", "utf8"));
  if (!t.compilerOptions.strict) { console.error("consumer app: the cdk8s init tsconfig is not strict"); process.exit(1); }
  t.include = ["examples/*.ts"];
  fs.writeFileSync("tsconfig.examples.json", JSON.stringify(t, null, 2));'
npx tsc -p tsconfig.examples.json --strict
for f in "$root"/test/examples/*.ts; do
  name=$(basename "$f" .ts)
  npx cdk8s synth --no-check-upgrade --app "node examples/$name.js" --output "examples-out/$name" >"synth-$name.log" 2>&1 \
    || { cat "synth-$name.log" >&2; echo "consumer app: cdk8s synth failed on the docs example $name" >&2; exit 1; }
  grep -q 'Validations ended succesfully' "synth-$name.log" || { cat "synth-$name.log" >&2; echo "consumer app: the plugin did not pass $name" >&2; exit 1; }
  find "examples-out/$name" -name '*.k8s.yaml' | grep -q . || { echo "consumer app: the docs example $name wrote no manifest" >&2; exit 1; }
done
echo "consumer app: $(ls "$root"/test/examples/*.ts | wc -l) docs examples compiled with the cdk8s init tsconfig (--strict) and synthesized, plugin passed"

# The command line, from the installed package: check the app's own output, catch a mistake,
# and migrate v2 from standard input.
npx cdk8s-ambassador-mtls check dist >check.log || { cat check.log >&2; echo "consumer app: check failed on the app's own manifests" >&2; exit 1; }
grep -q '^ok: ' check.log || { cat check.log >&2; exit 1; }
cat > broken.yaml <<'YAML'
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: broken, namespace: emissary }
spec: { prefix: /broken/, service: "https://broken.apps:8443", hostname: "*", tls: typo-context }
YAML
if npx cdk8s-ambassador-mtls check broken.yaml >check-broken.log; then echo "consumer app: check passed a broken Mapping" >&2; exit 1; fi
grep -q 'mapping-tls-exists' check-broken.log || { cat check-broken.log >&2; exit 1; }
printf 'apiVersion: getambassador.io/v2\nkind: Mapping\nmetadata: {name: m, namespace: e}\nspec: {prefix: /m/, service: m, tls: true, host: m.example.com}\n' \
  | npx cdk8s-ambassador-mtls migrate --to v3alpha1 - >migrated.yaml 2>migrate.log
grep -q 'apiVersion: getambassador.io/v3alpha1' migrated.yaml && grep -q 'hostname: m.example.com' migrated.yaml && grep -q 'service: https://m' migrated.yaml \
  || { cat migrated.yaml migrate.log >&2; echo "consumer app: migrate did not convert" >&2; exit 1; }
echo "consumer app: npx cdk8s-ambassador-mtls check and migrate work from the package"

# README's command line before the package is published: npx fetches the tarball itself, in a
# folder outside any npm project, with nothing installed (--yes: npx asks before installing, and
# some machines' npm config answers no).
cli=$(mktemp -d "${TMPDIR:-/tmp}/consumer-cli.XXXXXX")
trap 'rm -rf "$work" "$cli"' EXIT
cp "$tarball" broken.yaml "$cli/" && cp -r dist "$cli/dist"
(cd "$cli" && npx --yes --package "./$(basename "$tarball")" cdk8s-ambassador-mtls check dist >check.log 2>&1) \
  || { cat "$cli/check.log" >&2; echo "consumer app: npx --package <tarball> check failed on the app's manifests" >&2; exit 1; }
grep -q '^ok: ' "$cli/check.log" || { cat "$cli/check.log" >&2; exit 1; }
if (cd "$cli" && npx --yes --package "./$(basename "$tarball")" cdk8s-ambassador-mtls check broken.yaml >check-broken.log 2>&1); then
  echo "consumer app: npx --package <tarball> check passed a broken Mapping" >&2; exit 1
fi
grep -q 'mapping-tls-exists' "$cli/check-broken.log" || { cat "$cli/check-broken.log" >&2; exit 1; }
echo "consumer app: npx --package <tarball> cdk8s-ambassador-mtls check works outside an app"

if BREAK=1 npx cdk8s synth --no-check-upgrade >broken.log 2>&1; then
  cat broken.log >&2; echo "consumer app: synth passed with a broken Mapping" >&2; exit 1
fi
grep -q 'mapping-tls-exists' broken.log || { cat broken.log >&2; echo "consumer app: the plugin did not name the broken rule" >&2; exit 1; }
echo "consumer app: a broken Mapping fails synth with mapping-tls-exists"
