#!/usr/bin/env bash
# Emissary-ingress's own configuration compiler (../shared/emissary-compile, the code Ambassador
# runs in production) over dist/, at every release it claims, and over the test fixtures
# (lib/emissary-fixtures, written by `npx projen test`): no error, every Mapping routed, and every
# Mapping with tls originating TLS with its TLSContext's certificate (.ci/emissary-verify.js).
set -euo pipefail
cd "$(dirname "$0")/.."
compile=../shared/emissary-compile
fixtures=lib/emissary-fixtures
out=$(mktemp -d "${TMPDIR:-/tmp}/emissary-compile.XXXXXX")
trap 'rm -rf "$out"' EXIT

# dist/, as check-dist.sh runs it (each chart rendered with kubectl kustomize), but a chart split
# into shards is compiled as one, all its folders together, so references across shards count.
# Every chart with each compiler of the releases it claims: main after 4.1.0 (the default), 3.10.0
# (also what 3.9.1 compiles to: its compiler differs in no file about TLS or routing) and 2.5.1;
# the getambassador.io/v2 charts with Ambassador 1.14.4's too, which reads v2 natively.
only_v2() {
  local versions
  versions=$(for f in "$@"; do kubectl kustomize "$f"; done | grep -E '^apiVersion: getambassador\.io/' | sort -u)
  [ "$versions" = "apiVersion: getambassador.io/v2" ]
}
# A chart of another target (gateway-api: Gateway API objects only) is no Emissary configuration.
# (The builds are read whole before grep: `grep -q` stops at the first match, and a kubectl still
# writing then dies of SIGPIPE, which pipefail turns into "holds none" for a large chart.)
holds_emissary() {
  local manifests
  manifests=$(for f in "$@"; do kubectl kustomize "$f"; done)
  grep -qE '^apiVersion: getambassador\.io/' <<<"$manifests"
}
rc=0
for version in current v3.10.0 v2.5.1 v1.14.4; do
  mkdir -p "$out/dist-$version"
  for chart in dist/*/; do
    name=$(basename "$chart")
    mapfile -t builds < <(bash .ci/chart-builds.sh "$chart")
    if ! holds_emissary "${builds[@]}"; then
      [ "$version" != current ] || echo "$name: no getambassador.io object (another target): not Emissary's to compile"
      continue
    fi
    if [ "$version" = v1.14.4 ] && ! only_v2 "${builds[@]}"; then continue; fi
    if "$compile/run.sh" --emissary "$version" --kustomize "${builds[@]}" >"$out/dist-$version/$name.txt" 2>"$out/dist-$version/$name.err"; then r=0; else r=$?; fi
    echo "$name ($version): rc=$r $(tail -1 "$out/dist-$version/$name.txt" 2>/dev/null) (${#builds[@]} folder(s))"
    if [ "$r" -ne 0 ]; then rc=1; tail -5 "$out/dist-$version/$name.err" >&2; fi
  done
  [ "$rc" -eq 0 ] || exit 1
  node .ci/emissary-verify.js "$out/dist-$version"
done
# Linkerd has no TLSContext to check: Envoy must send each Mapping's service as l5d-dst-override.
"$compile/run.sh" --kustomize --envoy-out "$out/linkerd-envoy.json" dist/linkerd >"$out/linkerd.txt"
node .ci/linkerd-headers.js "$out/linkerd-envoy.json" dist/linkerd

# The fixtures, each with its own Ambassador id and namespace (fixtures.json).
[ -f "$fixtures/fixtures.json" ] || { echo "$fixtures/fixtures.json is missing: run npx projen test first" >&2; exit 1; }
mkdir -p "$out/fixtures"
rc=0
for chart in "$fixtures"/*/; do
  name=$(basename "$chart")
  mapfile -t options < <(node -e "for (const o of require(process.argv[1])[process.argv[2]] ?? []) console.log(o)" "$PWD/$fixtures/fixtures.json" "$name")
  if "$compile/run.sh" --kustomize "${options[@]}" "$chart" >"$out/fixtures/$name.txt" 2>"$out/fixtures/$name.err"; then r=0; else r=$?; fi
  echo "$name: rc=$r $(tail -1 "$out/fixtures/$name.txt" 2>/dev/null) ${options[*]}"
  if [ "$r" -ne 0 ]; then rc=1; tail -5 "$out/fixtures/$name.err" >&2; fi
done
node .ci/emissary-verify.js "$out/fixtures"
# Linkerd fixtures: the l5d-dst-override header on every route, as for dist/linkerd.
for chart in "$fixtures"/linkerd*/; do
  name=$(basename "$chart")
  "$compile/run.sh" --kustomize --envoy-out "$out/$name-envoy.json" "$chart" >"$out/$name.txt"
  node .ci/linkerd-headers.js "$out/$name-envoy.json" "$chart"
done
# The command line's migrate: the v2 charts and fixtures route the same once migrated.
bash .ci/migrate-compile.sh || rc=1
exit $rc
