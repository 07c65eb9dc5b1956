#!/bin/sh
# Load + simulate + write of a 200 k-task graph: `lookahead batch run --spec-costs -o OUT` against the
# plain Python reference of format section 5 (bench/reference_simulator.py), in two shapes: the
# synthetic generator's (`batch generate`) and the compiler-shaped graph (long ids, optional and
# unknown keys, escapes; bench/CompilerShapedGraph.h). Median of 4 runs each; prints wall and CPU
# (user + sys) seconds and the ratios. Checks first that both give the same makespan on the spec
# examples and on both graphs, so the comparison is of equal work.
#
# The runs go Python, ours, ours, Python, twice: each program follows the other in half of its
# runs and itself in the other half. On a VM whose host takes back memory a process has freed
# (free page reporting), the process after one that freed a lot pays for faulting it in again
# (BENCHMARKS.md, "Fresh memory on this VM"); the Python reference frees a gigabyte, so a fixed
# order (ours always after Python's, as until 4 December) charged that to one side only.
#
#   bench/compare_reference.sh [BUILD_DIR] [TASKS]     # BUILD_DIR default build/dev
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/dev}
tasks=${2:-200000}
lookahead=$build/lookahead
benchcore=${BENCH_CORE:-$build/bench/lookahead_bench_core}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

makespan_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["schedule"]["makespan"])' "$1"; }

for example in "$here"/../../shared/spec/examples/*.json; do
    case $example in *expected*) continue ;; esac
    "$lookahead" batch run "$example" --spec-costs -o "$work/ours.json" >/dev/null
    ours=$(makespan_of "$work/ours.json")
    ref=$(python3 "$here/reference_simulator.py" "$example")
    [ "$ours" = "$ref" ] || { echo "makespan differs on $example: lookahead $ours, reference $ref" >&2; exit 1; }
    echo "same makespan on $(basename "$example"): $ours"
done

"$lookahead" batch generate --tasks "$tasks" --seed 1 -o "$work/generated.json" >/dev/null
"$benchcore" --write-compiler-shaped "$tasks" "$work/compiler.json"

# One timed run: prints "wall cpu" in seconds (cpu = user + sys of the child).
timed() {
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "uptime: $(uptime)"
printf '%-10s %8s %12s %12s %12s %12s %9s %9s\n' shape MB ours_wall ours_cpu python_wall python_cpu wall_x cpu_x
# SHAPES="generated" skips the compiler shape (the slower of the two, in both programs).
for shape in ${SHAPES:-generated compiler}; do
    graph=$work/$shape.json
    "$lookahead" batch run "$graph" --spec-costs -o "$work/ours.json" >/dev/null
    ours=$(makespan_of "$work/ours.json")
    ref=$(python3 "$here/reference_simulator.py" "$graph")
    [ "$ours" = "$ref" ] || { echo "makespan differs on $shape: lookahead $ours, reference $ref" >&2; exit 1; }
    : >"$work/ours.times"
    : >"$work/ref.times"
    for _ in 1 2; do
        timed python3 "$here/reference_simulator.py" "$graph" -o "$work/ref.json" >>"$work/ref.times"
        timed "$lookahead" batch run "$graph" --spec-costs -o "$work/ours.json" >>"$work/ours.times"
        timed "$lookahead" batch run "$graph" --spec-costs -o "$work/ours.json" >>"$work/ours.times"
        timed python3 "$here/reference_simulator.py" "$graph" -o "$work/ref.json" >>"$work/ref.times"
    done
    ow=$(cut -d' ' -f1 "$work/ours.times" | median)
    oc=$(cut -d' ' -f2 "$work/ours.times" | median)
    rw=$(cut -d' ' -f1 "$work/ref.times" | median)
    rc=$(cut -d' ' -f2 "$work/ref.times" | median)
    mb=$(du -m "$graph" | cut -f1)
    awk -v s="$shape" -v mb="$mb" -v ow="$ow" -v oc="$oc" -v rw="$rw" -v rc="$rc" 'BEGIN {
        printf "%-10s %8s %12.3f %12.3f %12.3f %12.3f %8.1fx %8.1fx\n", s, mb, ow, oc, rw, rc, rw / ow, rc / oc }'
done
