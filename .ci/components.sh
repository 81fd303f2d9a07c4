#!/usr/bin/env bash
# Every kustomize Component of dist/ (and of the test fixtures, lib/emissary-fixtures) built over
# each real static install of Emissary whose Deployment it patches (../shared/reference/
# emissary-v*, as the kustomization that applies the install would list it), with `kubectl
# kustomize` in a temp dir: the Deployment must keep its one Ambassador container (name, image)
# and gain the patch's volumes, mounts and env (.ci/component-check.js); then the install, the
# chart and the Component, rendered together, are compiled by Emissary's compiler of that line
# (3.10.0 for 3.9.1 and 3.10.0) and verified like dist/. A Component of dist/ that matches no
# reference install fails; a fixture's (a namespace-less stand-in, say) is skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
ref=../shared/reference
compile=../shared/emissary-compile
fixtures=lib/emissary-fixtures
work=$(mktemp -d "${TMPDIR:-/tmp}/components.XXXXXX")
trap 'rm -rf "$work"' EXIT
rc=0
n=0
shopt -s nullglob
for component in dist/*/kustomize/*/ "$fixtures"/*/kustomize/*/; do
  component=${component%/}
  chart=$(dirname "$(dirname "$component")")
  name=$(basename "$chart")
  matched=0
  for install in "$ref"/emissary-v*/; do
    install=${install%/}
    node .ci/component-check.js match "$component" "$install/emissary-emissaryns.yaml" || continue
    matched=1
    n=$((n + 1))
    dir="$work/$n"
    mkdir -p "$dir"
    mapfile -t builds < <(bash .ci/chart-builds.sh "$chart")
    {
      echo "resources:"
      echo "  - $(realpath --relative-to="$dir" "$install")"
      for b in "${builds[@]}"; do echo "  - $(realpath --relative-to="$dir" "$b")"; done
      echo "components:"
      echo "  - $(realpath --relative-to="$dir" "$component")"
    } >"$dir/kustomization.yaml"
    if ! kubectl kustomize "$dir" >"$dir/built.yaml" 2>"$dir/kustomize.err"; then
      echo "$component over $(basename "$install"): kubectl kustomize failed" >&2
      cat "$dir/kustomize.err" >&2
      rc=1
      continue
    fi
    node .ci/component-check.js check "$component" "$dir/built.yaml" "$install/emissary-emissaryns.yaml" || { rc=1; continue; }
    options=()
    if [ "${chart#"$fixtures"/}" != "$chart" ]; then
      mapfile -t options < <(node -e "for (const o of require(process.argv[1])[process.argv[2]] ?? []) console.log(o)" "$PWD/$fixtures/fixtures.json" "$name")
    fi
    mkdir -p "$dir/summary"
    if "$compile/run.sh" --emissary v3.10.0 --envoy-out "$dir/envoy.json" "${options[@]}" "$dir/built.yaml" >"$dir/summary/$name.txt" 2>"$dir/compile.err"; then r=0; else r=$?; fi
    echo "$component over $(basename "$install"), compiled by v3.10.0: rc=$r $(tail -1 "$dir/summary/$name.txt" 2>/dev/null)"
    if [ "$r" -ne 0 ]; then rc=1; tail -5 "$dir/compile.err" >&2; continue; fi
    node .ci/emissary-verify.js "$dir/summary" || rc=1
    case $name in *linkerd*) node .ci/linkerd-headers.js "$dir/envoy.json" "$chart" || rc=1 ;; esac
  done
  if [ "$matched" -eq 0 ]; then
    if [ "${component#dist/}" != "$component" ]; then
      echo "$component patches a Deployment no reference static install has (../shared/reference/emissary-v*)" >&2
      rc=1
    else
      echo "$component: skipped (it patches a Deployment no reference static install has)"
    fi
  fi
done
echo "components: $n build(s) over the reference static installs"
exit $rc
