#!/bin/sh
# Import of a large Kineto trace: `lookahead batch import TRACE -o OUT` against Python's
# `json.load(gzip.open(TRACE))` of the same file (the yardstick of issue #13), wall and CPU time
# (user + sys) and peak RSS from /usr/bin/time -v (KiB, shown in MB of 10^6 bytes like the file),
# median of 4 runs each, in the order Python, ours, ours, Python (twice) so that each program
# follows the other in half of its runs (compare_reference.sh says why). The trace comes from
# bench/kineto_trace_generator.py (structure of the shared Kineto recordings).
#
#   bench/import_benchmark.sh [BUILD_DIR] [DECOMPRESSED_MB]    # default build/dev, 36 MB
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/dev}
mb=${2:-36}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trace=$work/kineto.json.gz
python3 "$here/kineto_trace_generator.py" "$trace" --mb "$mb"
gz_mb=$(awk -v b="$(stat -c %s "$trace")" 'BEGIN { printf "%.1f", b / 1e6 }')
json_mb=$(gzip -dc "$trace" | wc -c | awk '{ printf "%.1f", $1 / 1e6 }')

# One run: "wall cpu peak_MB".
measure() {
    /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>&1
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = p[n] + (n > 1 ? p[n - 1] * 60 : 0) }
        /User time/ { cpu += $2 } /System time/ { cpu += $2 } /Maximum resident/ { rss = $2 * 1024 / 1e6 }
        END { printf "%.3f %.3f %.1f\n", wall, cpu, rss }' "$work/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "uptime: $(uptime)"
echo "trace: $gz_mb MB gzip, $json_mb MB JSON"
: >"$work/ours"
: >"$work/python"
python_load() { measure python3 -c "import gzip,json,sys; json.load(gzip.open(sys.argv[1]))" "$trace" >>"$work/python"; }
ours_import() { measure "$build/lookahead" batch import "$trace" -o "$work/graph.json" >>"$work/ours"; }
for _ in 1 2; do
    python_load
    ours_import
    ours_import
    python_load
done
for who in ours python; do
    wall=$(cut -d' ' -f1 "$work/$who" | median)
    cpu=$(cut -d' ' -f2 "$work/$who" | median)
    rss=$(cut -d' ' -f3 "$work/$who" | median)
    echo "$who $wall $cpu $rss" >>"$work/medians"
done
awk -v json="$json_mb" '
    { wall[$1] = $2; cpu[$1] = $3; rss[$1] = $4 }
    END {
        printf "%-8s %9s %9s %10s\n", "", "wall_s", "cpu_s", "peak_MB"
        printf "%-8s %9.3f %9.3f %10.1f\n", "lookahead", wall["ours"], cpu["ours"], rss["ours"]
        printf "%-8s %9.3f %9.3f %10.1f\n", "python", wall["python"], cpu["python"], rss["python"]
        printf "speed-up: %.1fx wall, %.1fx CPU; lookahead peak memory = %.2fx the JSON text\n",
            wall["python"] / wall["ours"], cpu["python"] / cpu["ours"], rss["ours"] / json }' "$work/medians"
