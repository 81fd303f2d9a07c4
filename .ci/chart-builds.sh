#!/usr/bin/env bash
# Prints the folders of one chart of dist/ that GitOps tools build, one per line: the chart folder
# itself, or, for a chart GitOpsApp split into shards, its base*/ and shard-*/ folders (each with
# its own kustomization.yaml; helm/, kustomize/ and delivery/ are not manifests).
# Usage: chart-builds.sh DIST/CHART
set -euo pipefail
chart=${1%/}
if [ -f "$chart/kustomization.yaml" ]; then
  echo "$chart"
  exit 0
fi
shopt -s nullglob
folders=("$chart"/base/ "$chart"/base-*/ "$chart"/shard-*/)
[ ${#folders[@]} -gt 0 ] || { echo "$chart has neither a kustomization.yaml nor shard folders" >&2; exit 1; }
for f in "${folders[@]}"; do
  [ -f "$f/kustomization.yaml" ] || { echo "$f has no kustomization.yaml" >&2; exit 1; }
  echo "${f%/}"
done
