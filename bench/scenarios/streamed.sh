#!/usr/bin/env bash
# Scenario 2: a 64 KiB and a 16 MiB response, streamed in 64 KiB chunks, in the three handler styles; Kestrel
# writes the same chunks with WriteAsync.
set -euo pipefail
source bench/lib.sh

start_compat 5200 --mount "/write=$apps:Compat.Bench.Apps.Streamed.Write" \
  --mount "/iterator=$apps:Compat.Bench.Apps.Streamed.Iterator" --mount "/async=$apps:Compat.Bench.Apps.Streamed.Async"
start_kestrel 5100

sizes=(65536 16777216)
declare -A connections=([65536]=64 [16777216]=8)
targets=(kestrel write iterator async)
declare -A url=([kestrel]=http://127.0.0.1:5100/streamed [write]=http://127.0.0.1:5200/write
  [iterator]=http://127.0.0.1:5200/iterator [async]=http://127.0.0.1:5200/async)
declare -A label=([kestrel]="Kestrel, Body.WriteAsync" [write]="compat-server, SyncApp write() via adapter"
  [iterator]="compat-server, SyncApp iterator via adapter" [async]="compat-server, AsyncApp")
declare -A rps
for size in "${sizes[@]}"; do
  for target in "${targets[@]}"; do
    same_bytes "${url[$target]}?size=$size" "${url[kestrel]}?size=$size"
    rps[$target,$size]=$(wrk_run -t2 -c"${connections[$size]}" "${url[$target]}?size=$size" | rps_of)
  done
done

section_header "2. Large responses in 64 KiB chunks"
echo "| target | response | connections | requests/s | MiB/s | ratio to Kestrel |"
echo "|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  for target in "${targets[@]}"; do
    mibs=$(awk -v r="${rps[$target,$size]}" -v s="$size" 'BEGIN { printf "%.0f", r * s / 1048576 }')
    echo "| ${label[$target]} | $((size / 1024)) KiB | ${connections[$size]} | ${rps[$target,$size]} | $mibs | $(ratio "${rps[$target,$size]}" "${rps[kestrel,$size]}") |"
  done
done
