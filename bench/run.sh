#!/usr/bin/env bash
# Runs the HTTP benchmarks against the bundled server and Kestrel on this machine, in one run, and writes
# docs/benchmarks.md with each figure as a ratio to Kestrel. wrk comes from the distribution's packages.
#   bench/run.sh                 # DURATION=10 seconds per measurement, after a 3 second warm-up
# Scenario 1 (plaintext) is implemented; scenarios 2-5 of the benchmark issue are not yet.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi

duration=${DURATION:-10}
dotnet build server/Compat.Server.Host -c Release -v quiet -nologo >/dev/null
dotnet build bench/Compat.Bench.Apps -c Release -v quiet -nologo >/dev/null
apps=bench/Compat.Bench.Apps/bin/Release/net10.0/Compat.Bench.Apps.dll
server=server/Compat.Server.Host/bin/Release/net10.0/compat-server.dll
compat_port=5200
kestrel_port=5100

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

DOTNET_gcServer=1 dotnet "$server" --bind 127.0.0.1:$compat_port --no-access-log \
  --mount "/async=$apps:Compat.Bench.Apps.Plaintext.Async" --mount "/write=$apps:Compat.Bench.Apps.Plaintext.Write" >/dev/null &
pids+=($!)
dotnet "$apps" "http://127.0.0.1:$kestrel_port" >/dev/null &
pids+=($!)
for port in $compat_port $kestrel_port; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

# Same bytes out: the bodies must match before any figure means anything.
reference=$(curl -s "http://127.0.0.1:$kestrel_port/plaintext")
for path in /async /write; do
  [ "$(curl -s "http://127.0.0.1:$compat_port$path")" = "$reference" ] || { echo "bench: $path does not send Kestrel's bytes" >&2; exit 1; }
done

# Requests per second for a URL; $2 = pipelining depth (1 = none). 64 connections, 2 threads.
measure() {
  local url=$1 depth=$2 args=(-t2 -c64)
  [ "$depth" -gt 1 ] && args+=(-s bench/wrk/pipeline.lua)
  wrk "${args[@]}" -d3s "$url" -- "$depth" >/dev/null
  wrk "${args[@]}" -d"${duration}s" "$url" -- "$depth" | awk '/Requests\/sec/ { printf "%.0f", $2 }'
}

declare -A rps
for depth in 1 16; do
  rps[kestrel,$depth]=$(measure "http://127.0.0.1:$kestrel_port/plaintext" $depth)
  rps[async,$depth]=$(measure "http://127.0.0.1:$compat_port/async" $depth)
  rps[write,$depth]=$(measure "http://127.0.0.1:$compat_port/write" $depth)
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`bench/run.sh\` (DURATION=${duration}) on $(nproc) cores, $(date -u +%Y-%m-%d). Each figure is a"
  echo "ratio to Kestrel measured in the same run, serving the same bytes (the script checks the bodies match)."
  echo "wrk runs on the same 2 cores as the servers, so absolute numbers are low and noisy; ratios are what to compare."
  echo
  echo "## 1. Plaintext (\"Hello, World!\", 64 connections, wrk -t2)"
  echo
  echo "| target | pipelining | requests/s | ratio to Kestrel |"
  echo "|---|---|---|---|"
  for depth in 1 16; do
    label=$([ "$depth" -eq 1 ] && echo "none" || echo "depth $depth")
    echo "| Kestrel (minimal endpoint) | $label | ${rps[kestrel,$depth]} | 1.00 |"
    echo "| compat-server, AsyncApp | $label | ${rps[async,$depth]} | $(ratio "${rps[async,$depth]}" "${rps[kestrel,$depth]}") |"
    echo "| compat-server, SyncApp write() via adapter | $label | ${rps[write,$depth]} | $(ratio "${rps[write,$depth]}" "${rps[kestrel,$depth]}") |"
  done
  echo
  echo "Targets: plaintext at or above Kestrel; the old style within 10% of the async style."
  echo "Scenarios 2-5 (large responses, isolation under slow handlers, memory for a 1 GiB stream, analyzer build"
  echo "overhead) are not implemented yet."
} > docs/benchmarks.md
cat docs/benchmarks.md
