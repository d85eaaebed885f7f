#!/usr/bin/env bash
# The node and page tests again with the machine's clock moved (Debian's faketime, `apt-get install faketime`):
# a test that reads the machine's date instead of setting its own fails here today, not next month. Each
# instant is one where UTC and Beijing are on different days, months and years, in a year whose holidays the
# calendar data does not have yet. Each test file runs at one of the two instants (jest's --shard splits the files
# the same way every time), the two halves side by side: every node and page test runs once with the clock moved.
set -uo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo 'faketime is missing: apt-get install faketime' >&2; exit 1; }
logs=$(mktemp -d)
instants=('2027-01-31 17:30:00' '2027-12-31 16:30:00')
for i in "${!instants[@]}"; do
  faketime "${instants[$i]}" npx jest --selectProjects node pages --maxWorkers=1 --shard="$((i + 1))/${#instants[@]}" \
    >"$logs/$i.log" 2>&1 &
  pids[i]=$!
done
failed=0
for i in "${!instants[@]}"; do
  wait "${pids[$i]}" || failed=1
  echo "== node and page tests, part $((i + 1)) of ${#instants[@]}, with the machine clock at ${instants[$i]} UTC"
  cat "$logs/$i.log"
done
rm -rf "$logs"
exit "$failed"
