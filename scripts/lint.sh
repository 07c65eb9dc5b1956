#!/usr/bin/env bash
# Formatting (clang-format 14, .clang-format) and static analysis (clang-tidy 14, .clang-tidy).
#
#   scripts/lint.sh            check (CI): formatting of every tracked C++ file, then clang-tidy.
#                              Each fails the run only once its marker file exists:
#                              .clang-format-enforced (arrives with the commit that formats the tree)
#                              and .clang-tidy-enforced (with the commit that leaves clang-tidy clean);
#                              until then formatting is skipped and clang-tidy only reports.
#   scripts/lint.sh --format   formatting check only, marker or not
#   scripts/lint.sh --tidy     clang-tidy only
#   scripts/lint.sh --fix      rewrite every tracked C++ file with clang-format (the formatting commit)
#
# clang-tidy runs on every .cpp of optimizer/, app/ and widgets/ (about 25 CPU-minutes: see README,
# "Formatting and static analysis") with build/dev/compile_commands.json, which `cmake --preset dev`
# writes. LOOKAHEAD_TIDY_BASE=<commit> narrows it to the files changed since that commit.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-check}"
format="clang-format-14"
tidy="clang-tidy-14"
command -v "$format" >/dev/null || format="clang-format"
command -v "$tidy" >/dev/null || tidy="clang-tidy"

cxx_files() { git ls-files -- '*.cpp' '*.h'; }

check_format() {
  echo "== clang-format ($("$format" --version | grep -oE '[0-9]+\.[0-9.]+' | head -1))"
  local bad=()
  while IFS= read -r file; do
    "$format" --dry-run --Werror "$file" 2>/dev/null || bad+=("$file")
  done < <(cxx_files)
  if ((${#bad[@]})); then
    printf '  not formatted: %s\n' "${bad[@]}"
    echo "lint: ${#bad[@]} file(s) need clang-format (scripts/lint.sh --fix; the diff: $format --dry-run FILE)"
    return 1
  fi
  echo "  all $(cxx_files | wc -l) files formatted"
}

run_tidy() {
  local database=build/dev
  if [[ ! -f "$database/compile_commands.json" ]]; then
    echo "lint: $database/compile_commands.json is missing (run: cmake --preset dev)" >&2
    return 1
  fi
  local files
  if [[ -n "${LOOKAHEAD_TIDY_BASE:-}" ]]; then
    files=$(git diff --name-only --diff-filter=d "$LOOKAHEAD_TIDY_BASE" -- 'optimizer/*.cpp' 'app/*.cpp' 'widgets/*.cpp')
  else
    files=$(git ls-files -- 'optimizer/*.cpp' 'app/*.cpp' 'widgets/*.cpp')
  fi
  echo "== clang-tidy ($(wc -w <<<"$files") files, $(nproc) jobs)"
  [[ -n "$files" ]] || return 0
  # One process per file; clang-tidy's exit status is non-zero on any warning (WarningsAsErrors).
  local started=$SECONDS
  if xargs -P "$(nproc)" -n 1 "$tidy" -p "$database" --quiet <<<"$files" 2>/dev/null; then
    echo "  clean in $((SECONDS - started)) s"
  else
    echo "lint: clang-tidy found problems (above)"
    return 1
  fi
}

case "$mode" in
  check)
    status=0
    if [[ -f .clang-format-enforced ]]; then
      check_format || status=1
    else
      echo "== clang-format: not enforced yet (no .clang-format-enforced); scripts/lint.sh --format checks anyway"
    fi
    if [[ -f .clang-tidy-enforced ]]; then
      run_tidy || status=1
    else
      run_tidy || echo "lint: clang-tidy not enforced yet (no .clang-tidy-enforced): reported, not failed"
    fi
    exit "$status"
    ;;
  --format) check_format ;;
  --tidy) run_tidy ;;
  --fix)
    cxx_files | xargs -P "$(nproc)" -n 16 "$format" -i
    echo "lint: formatted $(cxx_files | wc -l) files; review with git diff --stat"
    ;;
  *)
    echo "usage: scripts/lint.sh [--format | --tidy | --fix]" >&2
    exit 2
    ;;
esac
