#!/usr/bin/env bash
# The node and page tests again with the machine's clock moved (Debian's faketime, `apt-get install faketime`):
# a test that reads the machine's date instead of setting its own fails here today, not next month. Each
# instant is one where UTC and Beijing are on different days, months and years, in a year whose holidays the
# calendar data does not have yet. The two runs go side by side (2 cores: ~3.5 min instead of ~6).
set -uo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo 'faketime is missing: apt-get install faketime' >&2; exit 1; }
logs=$(mktemp -d)
instants=('2027-01-31 17:30:00' '2027-12-31 16:30:00')
for i in "${!instants[@]}"; do
  faketime "${instants[$i]}" npx jest --selectProjects node pages >"$logs/$i.log" 2>&1 &
  pids[i]=$!
done
failed=0
for i in "${!instants[@]}"; do
  wait "${pids[$i]}" || failed=1
  echo "== node and page tests with the machine clock at ${instants[$i]} UTC"
  cat "$logs/$i.log"
done
rm -rf "$logs"
exit "$failed"
