#!/usr/bin/env bash
# The v2 charts of dist/ and the v2 test fixtures, migrated with the command line
# (`cdk8s-ambassador-mtls migrate --to v3alpha1 --write`, from lib/), compiled by Emissary's own
# compiler before and after: the same routes and the same TLS origination (.ci/compare-routes.js).
set -euo pipefail
cd "$(dirname "$0")/.."
compile=../shared/emissary-compile
fixtures=lib/emissary-fixtures
out=$(mktemp -d "${TMPDIR:-/tmp}/migrate-compile.XXXXXX")
trap 'rm -rf "$out"' EXIT

charts=(dist/istio-legacy dist/consul test/fixtures/v2-hand-written)
for f in "$fixtures"/*-v2/; do charts+=("${f%/}"); done
for chart in "${charts[@]}"; do
  name=$(basename "$chart")
  mapfile -t options < <(node -e "for (const o of require(process.argv[1])[process.argv[2]] ?? []) console.log(o)" "$PWD/$fixtures/fixtures.json" "$name")
  cp -r "$chart" "$out/$name"
  node lib/src/cli/main.js migrate --to v3alpha1 --write "$out/$name" 2>"$out/$name.migrate" || { cat "$out/$name.migrate" >&2; exit 1; }
  if grep -rq 'apiVersion: getambassador.io/v2' "$out/$name" --include='*.yaml' --exclude-dir=helm --exclude-dir=kustomize --exclude-dir=delivery; then
    echo "$name: getambassador.io/v2 left after migrate" >&2; exit 1
  fi
  "$compile/run.sh" --kustomize --envoy-out "$out/$name.v2.json" "${options[@]}" "$chart" >"$out/$name.v2.txt" 2>/dev/null || true
  "$compile/run.sh" --kustomize --envoy-out "$out/$name.v3.json" "${options[@]}" "$out/$name" >"$out/$name.v3.txt" 2>/dev/null || true
  compared=$(node .ci/compare-routes.js "$out/$name.v2.txt" "$out/$name.v3.txt" "$out/$name.v2.json" "$out/$name.v3.json") || { echo "$name: migration changed what Emissary makes of it" >&2; exit 1; }
  echo "$name: $compared"
done
