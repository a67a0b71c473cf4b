#!/usr/bin/env bash
# Installs what the end-to-end tests drive, from the distribution's packages, when missing: curl (a real client),
# nginx and openssl (the ASP.NET Core host behind a TLS-terminating load balancer), chromium (the chat page in a
# real browser; its test says so and is skipped only where the package cannot be installed).
set -euo pipefail

missing=()
for tool in curl nginx openssl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "install-test-deps: need ${missing[*]} but cannot install packages without root" >&2
    exit 1
  fi
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "install-test-deps: installing ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The browser is large and optional for all but one test: a failed install is reported, not fatal.
if ! command -v chromium >/dev/null 2>&1; then
  echo "install-test-deps: installing chromium"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null; } \
    || echo "install-test-deps: chromium could not be installed; the browser test will be skipped" >&2
fi
