# Shared by bench/run.sh and bench/scenarios/*.sh: builds, servers, wrk runs and arithmetic.
# Sourced with the repository root as the working directory.

duration=${DURATION:-10}
apps=bench/Compat.Bench.Apps/bin/Release/net10.0/Compat.Bench.Apps.dll
server=server/Compat.Server.Host/bin/Release/net10.0/compat-server.dll

pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT

wait_ready() { # URL
  for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "bench: $1 did not come up" >&2; exit 1
}

# compat-server on PORT with the given --mount arguments; the pid goes to $last_pid.
start_compat() { # PORT [compat-server args...]
  local port=$1; shift
  DOTNET_gcServer=1 dotnet "$server" --bind "127.0.0.1:$port" --no-access-log "$@" >/dev/null &
  last_pid=$!; pids+=("$last_pid")
  wait_ready "http://127.0.0.1:$port/"
}

# The Kestrel peer (bench/Compat.Bench.Apps, server GC like compat-server) on PORT; the pid goes to $last_pid.
start_kestrel() { # PORT [NAME=VALUE... for the app's environment]
  local port=$1; shift
  env DOTNET_gcServer=1 "$@" dotnet "$apps" "http://127.0.0.1:$port" >/dev/null &
  last_pid=$!; pids+=("$last_pid")
  wait_ready "http://127.0.0.1:$port/plaintext"
}

# The canned-response loop (bench/Compat.Bench.Apps canned) on PORT: what the machine does with no server at all.
start_canned() { # PORT
  dotnet "$apps" canned "$1" >/dev/null &
  last_pid=$!; pids+=("$last_pid")
  wait_ready "http://127.0.0.1:$1/"
}

# Fails the run unless URL sends the same body as REFERENCE_URL: a figure means nothing otherwise.
same_bytes() { # URL REFERENCE_URL
  [ "$(curl -s "$1" | sha256sum)" = "$(curl -s "$2" | sha256sum)" ] || { echo "bench: $1 does not send the bytes $2 sends" >&2; exit 1; }
}

# wrk after a 3 second warm-up; prints wrk's report. Arguments as wrk takes them: options, URL, -- script args.
wrk_run() {
  wrk -d3s "$@" >/dev/null
  wrk -d"${duration}s" "$@"
}

rps_of() { awk '/Requests\/sec/ { printf "%.0f", $2 }'; }

# The CPU time (user + system, all threads) a process has used, in clock ticks.
cpu_ticks() { # PID
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# wrk_run against a server whose pid is PID, printing "RPS CPU_US_PER_REQUEST": with wrk on the same two cores,
# the server's CPU per request is steadier than its requests per second.
wrk_cpu() { # PID wrk-args...
  local pid=$1; shift
  wrk -d3s "$@" >/dev/null
  local before report after
  before=$(cpu_ticks "$pid")
  report=$(wrk -d"${duration}s" "$@")
  after=$(cpu_ticks "$pid")
  echo "$report" | awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / { requests = $1 } /Requests\/sec/ { rps = $2 }
    END { printf "%.0f %.2f", rps, ticks / hz * 1e6 / requests }'
}

# p50 and p99 in milliseconds from a `wrk --latency` report, as "P50 P99".
percentiles_of() {
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
       $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } END { printf "%.2f %.2f", p50, p99 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

# BenchmarkDotNet's table for the micro-benchmarks matching FILTER, run in process: its generated project would
# inherit this repository's central package pins.
micro_table() { # FILTER
  dotnet build bench/Compat.Bench.Micro -c Release -v quiet -nologo >/dev/null
  dotnet bench/Compat.Bench.Micro/bin/Release/net10.0/Compat.Bench.Micro.dll --filter "$1" --job short --inProcess \
    --artifacts "$(mktemp -d /tmp/compat-bench-micro.XXXXXX)" | grep -E '^\|'
}

build_bench() {
  dotnet build server/Compat.Server.Host -c Release -v quiet -nologo >/dev/null
  dotnet build bench/Compat.Bench.Apps -c Release -v quiet -nologo >/dev/null
}

install_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
}

section_header() { # TITLE
  echo "## $1"
  echo
  echo "Measured $(date -u +%Y-%m-%d) by \`bench/run.sh $scenario\` (DURATION=$duration) on $(nproc) cores."
  echo
}
