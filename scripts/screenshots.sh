#!/bin/sh
# Renders every image in docs/ with the app itself (developer options of `lookahead`, see README
# "Using the explorer"). Needs a built `build/dev/lookahead`; runs under xvfb-run when there is no
# display. Usage: scripts/screenshots.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
app="${1:-build/dev}/lookahead"
run() {
  if [ -n "${DISPLAY:-}" ]; then "$app" "$@"; else xvfb-run -a "$app" "$@"; fi
}
npu=samples/npu40xx-decode-0.6b.json
moe=samples/moe-superkernel.json
mid='sw-kernel-prefetch{mode=start+mid}'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run --start-page --screenshot docs/explorer-start.png
run "$npu" --screenshot docs/explorer-main.png --pipeline "$mid"
run "$npu" --screenshot docs/explorer-decisions.png --pipeline "$mid" --select swkp.swish.0
run "$npu" --screenshot docs/explorer-passes-npu.png --pipeline "$mid"
run "$moe" --screenshot docs/explorer-passes-superkernel.png --pipeline 'sk-fuse,sk-sync-range,sk-early-start,sk-icache-preload,sk-split'
run "$npu" --screenshot docs/explorer-tuning.png --pipeline "$mid" --select L0.swish.0 --critical
run "$npu" --screenshot docs/explorer-diff.png --pipeline "$mid" --diff --zoom 250000:450000
run "$npu" --screenshot docs/explorer-range.png --pipeline "$mid" --range 300000:1200000 --zoom 0:2000000
# Two "compiler versions": the sample and its optimized export.
"$app" batch run "$npu" --pipeline "$mid" -o "$tmp/prefetched.json" >/dev/null
run --compare "$npu" "$tmp/prefetched.json" --screenshot docs/explorer-compare.png
run "$npu" --screenshot docs/explorer-sweep.png --pipeline 'sw-kernel-prefetch{mode=start}' \
  --sweep sw-kernel-prefetch.start-threshold=0:300000:20000
