#!/usr/bin/env bash
# Real fuzzing: builds the fuzz preset (clang, libFuzzer, ASan + UBSan at -O2) and runs every
# target (or the ones named) for MINUTES each, one after the other, at nice 19.
#
#   scripts/fuzz.sh MINUTES [TARGET...]        e.g. scripts/fuzz.sh 30, scripts/fuzz.sh 5 pipeline_fuzzer
#
# Seeds: fuzz/corpus/<corpus>; the JSON targets also get samples/, ../shared/spec/examples/ and
# ../shared/real-traces/ (gzip files decompressed into the work folder). libFuzzer truncates seeds
# to the target's max_len (fuzz/CMakeLists.txt). What a run finds stays in build/fuzz/work/<target>/:
#   corpus/    new inputs (the next run starts from them)
#   crashes/   crash-*, timeout-*, oom-* inputs; after the fix, copy each into fuzz/corpus/<corpus>/
#              so that the CTest smoke run (asan preset) replays it forever.
# A crash does not end the run: the target restarts for the rest of its time (at most 20 crashes).
# Prints one summary line per target: inputs, inputs/s (wall clock and per CPU second), crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
TIMEFORMAT='%U %S'

if [[ $# -lt 1 || ! "$1" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  echo "usage: scripts/fuzz.sh MINUTES [TARGET...]" >&2
  exit 2
fi
minutes="$1"
shift
all_targets=(loader_fuzzer trace_import_fuzzer op_summary_fuzzer pipeline_fuzzer sweep_spec_fuzzer)
targets=("${@:-${all_targets[@]}}")
shared="${LOOKAHEAD_SHARED_DIR:-../shared}"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

cmake --preset fuzz >/dev/null
nice -n 19 cmake --build --preset fuzz -j "$(nproc)"

# The corpus folder, max_len and further libFuzzer flags of a target, as registered in
# fuzz/CMakeLists.txt.
registration() {
  grep -E "^lookahead_fuzzer\($1 " fuzz/CMakeLists.txt | tr -d ')' |
    awk '{ len = 16384; flags = ""; for (i = 3; i <= NF; ++i) {
             if ($i == "MAX_LEN") len = $(i + 1)
             if ($i == "FLAGS") { for (j = i + 1; j <= NF; ++j) flags = flags " " $j; break } }
           print $2, len flags }'
}

seed_dirs() { # target corpus work → seed folders, one per line
  echo "fuzz/corpus/$2"
  case "$1" in
    loader_fuzzer | trace_import_fuzzer)
      local unzipped="$3/seeds-gz"
      mkdir -p "$unzipped"
      for gz in "$shared"/real-traces/*.gz; do
        [[ -e "$gz" ]] && gzip -dc "$gz" >"$unzipped/$(basename "${gz%.gz}")"
      done
      echo samples
      echo "$shared/spec/examples"
      echo "$shared/real-traces"
      echo "$unzipped"
      ;;
  esac
}

mkdir -p build/fuzz/work
touch build/fuzz/work/.started
summary=()
total_crashes=0
for target in "${targets[@]}"; do
  read -r corpus max_len flags < <(registration "$target") || { echo "fuzz: unknown target $target" >&2; exit 2; }
  read -ra flags <<<"${flags:-}"
  binary="build/fuzz/fuzz/$target"
  work="build/fuzz/work/$target"
  mkdir -p "$work/corpus" "$work/crashes"
  mapfile -t seeds < <(seed_dirs "$target" "$corpus" "$work")
  log="$work/fuzz.log"
  : >"$log"
  deadline=$(($(date +%s) + $(awk "BEGIN { printf \"%d\", $minutes * 60 }")))
  started=$(date +%s)
  inputs=0 crashes=0 cpu=0
  echo "== $target: $minutes min, seeds: ${seeds[*]}"
  while :; do
    left=$((deadline - $(date +%s)))
    ((left > 0)) || break
    segment="$work/segment.log"
    status=0
    # CPU seconds too: at nice 19 on a busy machine, wall-clock inputs/s measures the load, not us.
    { time nice -n 19 "$binary" -max_total_time="$left" -max_len="$max_len" "${flags[@]}" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/crashes/" "$work/corpus" "${seeds[@]}" >"$segment" 2>&1 \
      || status=$?; } 2>"$work/cpu"
    cpu=$(awk -v cpu="$cpu" '{ printf "%.1f", cpu + $1 + $2 }' "$work/cpu")
    cat "$segment" >>"$log"
    # Inputs run in this segment: the final stats, or the last status line when it crashed.
    ran=$(grep -oP 'stat::number_of_executed_units: \K[0-9]+' "$segment" | tail -1 || true)
    [[ -n "$ran" ]] || ran=$(grep -oP '^#\K[0-9]+' "$segment" | tail -1 || true)
    inputs=$((inputs + ${ran:-0}))
    ((status == 0)) && break
    crashes=$((crashes + 1))
    echo "   crash $crashes (exit $status): $(grep -m1 -E 'ERROR|runtime error|deadly signal|Test unit written' "$segment" || true)"
    ((crashes < 20)) || break
  done
  seconds=$(($(date +%s) - started))
  rate=$((seconds > 0 ? inputs / seconds : inputs))
  cpu_rate=$(awk -v n="$inputs" -v cpu="$cpu" 'BEGIN { printf "%d", (cpu > 0 ? n / cpu : 0) }')
  line=$(printf '%-20s %5d s  %10d inputs  %6d inputs/s  (%s CPU s: %d inputs/CPU-s)  %d crashes  corpus %d' \
    "$target" "$seconds" "$inputs" "$rate" "$cpu" "$cpu_rate" "$crashes" "$(find "$work/corpus" -type f | wc -l)")
  echo "$line"
  summary+=("$line")
  total_crashes=$((total_crashes + crashes))
done

echo "== fuzz summary ($minutes min per target; logs and findings in build/fuzz/work/)"
printf '%s\n' "${summary[@]}"
if ((total_crashes)); then
  echo "findings (fix, then copy each into fuzz/corpus/<corpus>/ as a regression input):"
  find build/fuzz/work/*/crashes -type f -newer build/fuzz/work/.started | sed 's/^/  /'
  exit 1
fi
