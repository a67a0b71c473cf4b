#!/usr/bin/env bash
# Scenario 4: 1 GiB (MEMORY_MIB) streamed through write() to a client that reads at 10 MiB/s; peak RSS of the
# server process (VmHWM). Fresh processes, so the peak belongs to this stream alone. The Kestrel peer streams the
# same bytes with WriteAsync to a client at the same rate, at the same time.
set -euo pipefail
source bench/lib.sh

mib=${MEMORY_MIB:-1024}
size=$((mib * 1048576))
start_compat 5201 --mount "/write=$apps:Compat.Bench.Apps.Streamed.Write"
compat_pid=$last_pid
start_kestrel 5101
kestrel_pid=$last_pid
same_bytes "http://127.0.0.1:5201/write?size=1048576" "http://127.0.0.1:5101/streamed?size=1048576"

kib() { awk -v k="$1" '/^'"$1"':/ { print $2 }' "/proc/$2/status"; }
declare -A idle peak received
idle[compat]=$(kib VmRSS $compat_pid)
idle[kestrel]=$(kib VmRSS $kestrel_pid)
curl -s --limit-rate 10M "http://127.0.0.1:5201/write?size=$size" | wc -c > /tmp/compat-bench-mem-compat.$$ &
compat_curl=$!
curl -s --limit-rate 10M "http://127.0.0.1:5101/streamed?size=$size" | wc -c > /tmp/compat-bench-mem-kestrel.$$ &
kestrel_curl=$!
wait $compat_curl $kestrel_curl
for target in compat kestrel; do
  received[$target]=$(cat /tmp/compat-bench-mem-$target.$$); rm -f /tmp/compat-bench-mem-$target.$$
  [ "${received[$target]}" -eq "$size" ] || { echo "bench: $target sent ${received[$target]} of $size bytes" >&2; exit 1; }
done
peak[compat]=$(kib VmHWM $compat_pid)
peak[kestrel]=$(kib VmHWM $kestrel_pid)

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
section_header "4. Memory: $mib MiB through write() to a client reading at 10 MiB/s"
echo "| server | RSS before, MiB | peak RSS, MiB | growth, MiB | peak ratio to Kestrel |"
echo "|---|---|---|---|---|"
echo "| Kestrel, Body.WriteAsync | $(mb "${idle[kestrel]}") | $(mb "${peak[kestrel]}") | $(mb $((peak[kestrel] - idle[kestrel]))) | 1.00 |"
echo "| compat-server, SyncApp write() via adapter | $(mb "${idle[compat]}") | $(mb "${peak[compat]}") | $(mb $((peak[compat] - idle[compat]))) | $(ratio "${peak[compat]}" "${peak[kestrel]}") |"
