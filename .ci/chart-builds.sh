#!/usr/bin/env bash
# Prints the folders of one chart of dist/ that GitOps tools build, one per line: the chart folder
# itself, or, for a chart GitOpsApp split into shards (it always has base/ or base-*/), its base*/
# and shard-*/ folders, each with its own kustomization.yaml (helm/, kustomize/ and delivery/ are
# not manifests; the split chart's own kustomization.yaml, which lists its folders, is for tools
# not yet moved to them).
# Usage: chart-builds.sh DIST/CHART
set -euo pipefail
chart=${1%/}
shopt -s nullglob
folders=("$chart"/base*/ "$chart"/shard-*/)
if [ ${#folders[@]} -eq 0 ]; then
  [ -f "$chart/kustomization.yaml" ] || { echo "$chart has neither a kustomization.yaml nor shard folders" >&2; exit 1; }
  echo "$chart"
  exit 0
fi
for f in "${folders[@]}"; do
  [ -f "$f/kustomization.yaml" ] || { echo "$f has no kustomization.yaml" >&2; exit 1; }
  echo "${f%/}"
done
