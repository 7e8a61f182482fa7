#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (browser downloads are impossible here) and
# make throwaway TLS certificates with openssl. Install them when missing and we may.
set -euo pipefail
need=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${need[*]} from Debian packages…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "The end-to-end tests need: ${need[*]}. Install them (Debian: sudo apt-get install ${need[*]}) or set CHROMIUM_PATH." >&2
  exit 1
fi
