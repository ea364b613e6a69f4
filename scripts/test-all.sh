#!/usr/bin/env bash
# `make test`: the whole suite twice, at the same time, as two pytest processes — on the embedded
# defaults (SQLite, local disk, SQLite queue) and on PostgreSQL + Redis + a Ceph RGW
# (scripts/test-production.sh). Most tests wait on subprocesses (ffmpeg, the worker, chromium), so
# two runs side by side take much less than one after the other. Each run's output goes to its own
# log, printed whole when the run ends; either run failing fails the whole.
set -uo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/runphys-test.XXXXXX")
start=$(date +%s)

run() {  # run NAME COMMAND...: the command's output to $dir/NAME.log; its exit status and time after
  local name=$1
  shift
  "$@" --basetemp="$dir/$name-tmp" --junitxml="$dir/$name.xml" -p no:cacheprovider >"$dir/$name.log" 2>&1
  echo "$? $(($(date +%s) - start))" >"$dir/$name.status"
}

declare -A pids
run embedded .venv/bin/pytest "$@" &
pids[embedded]=$!
run production scripts/test-production.sh "$@" &
pids[production]=$!
echo "make test: the embedded and the production runs started (logs in $dir)"

failed=0
for name in embedded production; do
  while [ ! -s "$dir/$name.status" ] && kill -0 "${pids[$name]}" 2>/dev/null; do sleep 1; done
  [ -s "$dir/$name.status" ] || echo "1 $(($(date +%s) - start))" >"$dir/$name.status"  # killed
  read -r code seconds <"$dir/$name.status"
  echo
  echo "================ the $name run: exit $code after $((seconds / 60)) min $((seconds % 60)) s ================"
  cat "$dir/$name.log"
  # pytest exits 5 when it collected no test: a failure here too
  [ "$code" -eq 0 ] || failed=1
done
wait

# One closing line over both runs, from their JUnit reports.
.venv/bin/python - "$dir/embedded.xml" "$dir/production.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET
total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        continue
    for suite in root.iter("testsuite"):
        for key in total:
            total[key] += int(suite.get(key, 0))
failed = total["failures"] + total["errors"]
passed = total["tests"] - failed - total["skipped"]
print()
print(f"both: {passed} passed, {failed} failed, {total['skipped']} skipped")
EOF
[ "$failed" -eq 0 ] && rm -rf "$dir"
exit $failed
