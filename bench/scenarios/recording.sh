#!/usr/bin/env bash
# Scenario 9: what --record costs. Plaintext on compat-server without recording, with --record at 1% sampling (the
# issue's target: within 5%) and at 100%, the three alternating over rounds so drift on a busy machine hits each alike.
set -euo pipefail
source bench/lib.sh

rounds=${ROUNDS:-3}
recordings=$(mktemp -d)
trap 'stop_all; rm -rf "$recordings"' EXIT
mounts=(--mount "/async=$apps:Compat.Bench.Apps.Plaintext.Async" --mount "/write=$apps:Compat.Bench.Apps.Plaintext.Write")
start_compat 5600 "${mounts[@]}"
plain=$last_pid
start_compat 5601 "${mounts[@]}" --record "$recordings/one" --record-sample 0.01
sampled=$last_pid
start_compat 5602 "${mounts[@]}" --record "$recordings/all" --record-sample 1 --record-max-bytes 100000000000
everything=$last_pid
for port in 5600 5601 5602; do same_bytes "http://127.0.0.1:$port/async" "http://127.0.0.1:5600/write"; done

declare -A rps cpu
add() { # KEY PATH DEPTH PID PORT
  local args=(-t2 -c64) result
  [ "$3" -gt 1 ] && args+=(-s bench/wrk/pipeline.lua)
  result=$(wrk_cpu "$4" "${args[@]}" "http://127.0.0.1:$5$2" -- "$3")
  rps[$1,$2,$3]=$(( ${rps[$1,$2,$3]:-0} + ${result% *} ))
  cpu[$1,$2,$3]=$(awk -v a="${cpu[$1,$2,$3]:-0}" -v b="${result#* }" 'BEGIN { printf "%.2f", a + b }')
}
for round in $(seq "$rounds"); do
  for depth in 1 16; do
    for path in /async /write; do
      add plain $path $depth $plain 5600
      add sampled $path $depth $sampled 5601
      add everything $path $depth $everything 5602
    done
  done
done
stop_all
micro=$(micro_table '*RecordingOverhead*')
lines() { cat "$recordings/$1"/*.jsonl 2>/dev/null | wc -l; }

section_header "9. Recording (--record), plaintext, 64 connections, $rounds alternating rounds"
echo "| handler | pipelining | no recording, requests/s | 1% sampled: requests/s, ratio | 100%: requests/s, ratio | CPU per request: none / 1% / 100% |"
echo "|---|---|---|---|---|---|"
for depth in 1 16; do
  label=$([ "$depth" -eq 1 ] && echo "none" || echo "depth $depth")
  for path in /async /write; do
    base=$(( ${rps[plain,$path,$depth]} / rounds )); one=$(( ${rps[sampled,$path,$depth]} / rounds )); all=$(( ${rps[everything,$path,$depth]} / rounds ))
    per() { awk -v a="${cpu[$1,$path,$depth]}" -v r="$rounds" 'BEGIN { printf "%.1f", a / r }'; }
    echo "| $path | $label | $base | $one, $(ratio "$one" "$base") | $all, $(ratio "$all" "$base") | $(per plain) / $(per sampled) / $(per everything) us |"
  done
done
echo
echo "Lines recorded: $(lines one) at 1% and $(lines all) at 100%. Requests/s are the mean over the rounds; a ratio"
echo "is to the server without recording in the same rounds. A sampled request copies its head and body and queues"
echo "it; the JSON line is written by the recorder's own task, on the same two cores. At 100% under this load the"
echo "writer falls behind and drops what its queue cannot hold (logged at shutdown as sampled requests not recorded):"
echo "a recording is a sample, and requests never wait for it."
echo
echo "In process (BenchmarkDotNet, \`RecordingOverheadBenchmarks\`: 16 pipelined requests over a loopback socket, per"
echo "request, the same server with and without \`--record\` at 1%), the steadier measure:"
echo
echo "$micro"
