#!/usr/bin/env bash
# Installs what Lookahead needs from Debian (only the packages that are missing), then configures
# and builds the developer preset. `--deps-only` stops after the packages.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache git diffutils
  clang libclang-rt-14-dev            # sanitizer build and libFuzzer
  clang-format clang-tidy             # scripts/lint.sh (version 14 on Debian 12)
  qt6-base-dev libgl-dev              # Qt 6 Widgets (libgl-dev: Qt6Gui's CMake config wants OpenGL headers)
  libqcustomplot-dev                  # Gantt and sweep plots (CMake package QCustomPlotQt6)
  nlohmann-json3-dev libboost-graph-dev
  libsimdjson-dev zlib1g-dev          # the JSON reading layer (optimizer/src/formats/JsonInput.*), gzip input
  libxxhash-dev                       # the string pools' hash (optimizer/src/StringPool.cpp)
  libjemalloc-dev pkg-config          # the programs' allocator, with huge pages (app/MallocConf.cpp)
  libbenchmark-dev                    # bench/
  xvfb xauth                          # GUI screenshots without a display
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
[ "${1:-}" = "--deps-only" ] && exit 0

cmake --preset dev
cmake --build --preset dev
