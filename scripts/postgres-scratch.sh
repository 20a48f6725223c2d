#!/usr/bin/env bash
# Creates an empty database on the server of $JUNKAN_TEST_POSTGRES_URL and prints its URL (scripts that need a database
# of their own: the demo's answers, the kill test, several processes). Dropped with the throwaway cluster.
set -euo pipefail
url="${JUNKAN_TEST_POSTGRES_URL:?JUNKAN_TEST_POSTGRES_URL names no server}"
name="junkan_${1:-scratch}_$(date +%s%N)"
psql -q "${url%%\?*}" -c "CREATE DATABASE $name" > /dev/null
base="${url%%\?*}"
query="${url#"$base"}"
echo "${base%/*}/$name$query"
