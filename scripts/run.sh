#!/usr/bin/env bash
# Runs the bundled server with the sample handlers (old and new style side by side) on 127.0.0.1:8080.
# Any compat-server option may follow, e.g. ./scripts/run.sh --bind 127.0.0.1:9000 --threads 8
set -euo pipefail
# Relative --mount paths are the caller's: compat-server resolves them from here, not from the repository root.
export COMPAT_CALLER_DIRECTORY="$PWD"
cd "$(dirname "$0")/.."
exec dotnet run --project server/Compat.Server.Host -c Release -- "$@"
