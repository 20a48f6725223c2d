#!/usr/bin/env bash
# Issues 5, 6, 7 and 30: the home page, the explorer (its form and the demo notebook's graph), the flows, the log page, the API
# description, the materials pages (offers, requests), the circularity data-book pages and three passports (an item, a
# recycled lot, a model) of `junkan demo` in headless Chromium (Debian's chromium package) at phone
# and desktop widths; fails on console errors, failed requests, layout overflow, blank charts, a page without the shared
# header or `lang`, an SVG without title and desc. Then the explorer against the trace JSON and the search box's
# answers (scripts/check_explorer.py). Screenshots and PDFs in .ci/out/.
# usage: scripts/check-pages.sh JUNKAN_BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$1"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
py="$("$root/scripts/browser-venv.sh")"
work="$(mktemp -d)"
port=$(python3 "$(dirname "$0")/free-port-pair.py")
"$bin" demo --database "$work/demo.sqlite" --port "$port" > "$work/demo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$work/demo.log"; exit 1; }
  sleep 0.2
done
notebook="https%3A%2F%2Fid.gs1.org%2F01%2F04912345000071%2F21%2FNB24A0001"
# The demo's organisation ids are made fresh: the maker's dashboard is the one the home page links by its name.
maker=$(curl -sf "http://127.0.0.1:$port/" | grep -o 'href="/orgs/[^"]*">Junkan Demo Electronics' | cut -d'"' -f2)
[ -n "$maker" ] || { echo "the home page links no dashboard of Junkan Demo Electronics" >&2; exit 1; }
"$py" "$root/scripts/check_pages.py" "http://127.0.0.1:$port" "$root/.ci/out" \
  "/" "/explore" "/explore?id=$notebook" "$maker" "/log" "/api" "/flows" "/flows?product=04912345000071" "/flows?from=2030-01-01&to=2030-12-31" "/reports/circularity.html" \
  "/reports/circularity.html?fiscalYear=2023" "/reports/circularity.html?fiscalYear=2024" "/reports/circularity.html?fiscalYear=2019" \
  "/materials/offers.html" "/materials/request.html?id=notebook-housing" "/materials/request.html?id=appliance-pp" \
  "/01/04912345000071/21/NB24A0001" "/passports/01/04912345000033/10/RPCABS-2026-01" "/passports/01/04912345000071"
"$py" "$root/scripts/check_explorer.py" "http://127.0.0.1:$port"
