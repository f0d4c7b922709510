#!/usr/bin/env bash
# Renders the demo's HTML report in headless Chromium (Debian package `chromium`) and saves a
# full-page PNG, to check that the report is self-contained and shows its five charts.
#   care-examples/scripts/screenshot-report.sh [REPORT.html] [OUT.png]
# Builds the examples jar and runs the default demo first when no report is given.
set -euo pipefail
cd "$(dirname "$0")/../.."
report="${1:-}"
out="${2:-care-examples/target/report.png}"
if [[ -z "$report" ]]; then
  report=care-examples/target/report.html
  [[ -f care-examples/target/care-examples.jar ]] || mvn -B -ntp -q package -DskipTests
  java -jar care-examples/target/care-examples.jar demo --report "$report" > /dev/null
fi
chrome="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chrome" ]]; then
  echo "chromium not found: apt-get install -y chromium" >&2
  exit 1
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# no network: the report must not need any; the flags keep Chromium from calling home
"$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=960,2200 \
  --screenshot="$(realpath -m "$out")" "file://$(realpath "$report")" 2> /dev/null
echo "screenshot: $out"
