#!/usr/bin/env bash
# Builds and runs every test: the developer build, the lint (formatting once enforced, clang-tidy:
# scripts/lint.sh), then the ASan + UBSan build (clang), which also runs the libFuzzer targets over
# their seed corpora for a bounded number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --deps-only

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
jobs="$(nproc)"

echo "== developer build"
cmake --preset dev
cmake --build --preset dev -j "$jobs"
ctest --preset dev -j "$jobs"

echo "== lint"
scripts/lint.sh

echo "== sanitizer build (ASan + UBSan) and fuzz smoke runs"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs"
