#!/usr/bin/env bash
# The test command: unit and route tests, then the cross-check against the reference event-hash
# generator, the aics-tlog check of the log over HTTP, the Brightway check of footprints over HTTP, the PACT v3
# schema check over HTTP, the blend optimiser against scipy, the pages in headless Chromium, the passport's QR codes, credential and proofs, and the hard-kill durability test (with an audit after each restart), against the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
# Issue 24: the code is as the toolchain's swift-format writes it (.swift-format, after Hummingbird's).
swift format lint --strict --recursive Sources Tests
# Issue 24: no cycle between the folders of a target (scripts/folder_cycles.py names the types that make one).
for target in JunkanCore JunkanLedger JunkanStore JunkanSQLite JunkanPostgres JunkanNode JunkanServer junkan; do python3 scripts/folder_cycles.py "Sources/$target" --quiet; done
# Issue 26: a PostgreSQL server for the store contract suite and the PostgreSQL runs below: the one JUNKAN_TEST_POSTGRES_URL
# names, else a throwaway cluster of this run's own (Debian's postgresql), stopped and removed at the end.
if [ -z "${JUNKAN_TEST_POSTGRES_URL:-}" ]; then
  eval "$(scripts/postgres-cluster.sh)"
  trap 'eval "$JUNKAN_TEST_POSTGRES_STOP"' EXIT
fi
swift build --build-tests
# The store contract suite runs on SQLite (file and in memory) and on PostgreSQL; then the route tests again, each on a
# PostgreSQL database of its own.
swift test --skip-build
JUNKAN_TEST_BACKEND=postgres swift test --skip-build --filter JunkanServerTests
"$(scripts/reference-venv.sh)" -m openapi_spec_validator openapi.yaml
scripts/crosscheck-event-hash.sh "${CROSSCHECK_DOCS:-20}" "${CROSSCHECK_EVENTS:-250}"
scripts/crosscheck-tlog.sh .build/debug/junkan
# Issue 4: every lot of a random >= 1,000-lot trace graph (loops included) against bw2calc.
scripts/crosscheck-footprint.sh .build/debug/junkan "${FOOTPRINT_SEED:-1}"
# Issue 4: PACT v3 over HTTP, every response against the v3 OpenAPI schemas (jsonschema), filters, pagination, events.
scripts/check-pact.sh .build/debug/junkan
# Issue 5: the blend optimiser against scipy.optimize.linprog on 300 random instances (feasibility, optimum to 1e-6).
scripts/crosscheck-blend.sh .build/debug/junkan "${BLEND_INSTANCES:-300}" "${BLEND_SEED:-1}"
# Issues 5, 6 and 7: the materials pages, the circularity data-book pages and three passports in headless Chromium at phone and desktop widths (screenshots in .ci/out/).
scripts/check-pages.sh .build/debug/junkan
# Issue 7: QR codes read back by zbarimg, the passport credential checked by PyJWT, verify-passport on genuine and tampered files.
scripts/check-passport.sh .build/debug/junkan
# Issue 25: the identifier-ownership commands (org add --gs1-prefix, org prefix add|remove|list, org grant, org revoke) and their refusals.
scripts/check-ownership-cli.sh .build/debug/junkan
# Issue 27, item 1: junkan peer add|list|remove between two running nodes, and each refusal (key, URL, duplicates).
python3 scripts/check-peers.py .build/debug/junkan
# Issue 27, items 3 and 6: trace walks across three nodes (each in its own network namespace where `ip netns` works)
# equal one node's (upstream, downstream, footprints); every request between nodes is RFC 9421-signed (checked by
# http-message-signatures); release policies withhold; every way a peer fails (slow, malformed, HTML, endless, 403, 500,
# down, a step edited after capture) is a tombstone, never a 5xx.
"$(scripts/reference-venv.sh)" scripts/check-federation.py .build/debug/junkan
# Issue 28: the Dataspace Protocol between two nodes (in network namespaces where `ip netns` works): junkan dsp catalog
# and fetch as the access and contract policies allow, a refused, a declined and a completed negotiation, pulls refused
# after completion, expiry or for another purpose; every message on the wire valid against the fixture's JSON Schemas.
"$(scripts/reference-venv.sh)" scripts/check-dataspace.py .build/debug/junkan
# Issue 28, item 5: the Ouranos API of a node: login, operator, plants, parts (paged), a structure and a CFP, every body
# valid against the fixture's component schemas, the CFP equal to the node's footprint of the lot; refusals in its format.
"$(scripts/reference-venv.sh)" scripts/check-ouranos.py .build/debug/junkan
# Issue 29, item 2: query subscriptions through two hard kills of the server, on SQLite and PostgreSQL: a webhook here sees
# every matching event exactly once, signed (GS1-Signature); an unreachable subscriber is shown failing in GET and /metrics.
python3 scripts/check-subscriptions.py .build/debug/junkan
python3 scripts/check-subscriptions.py .build/debug/junkan --database "$(scripts/postgres-scratch.sh subscriptions)"
# Issue 29, item 5: every EPCIS XML example of the fixtures: valid or not as lxml says against GS1's XSDs; a valid one hashes
# as the reference generator hashes the XML and is captured by `junkan capture` under those hashes; an invalid one is
# refused with its line; the stored events read back as XML are valid against the query XSD.
"$(scripts/reference-venv.sh)" scripts/check-epcis-xml.py .build/debug/junkan
# Issue 27, item 8: junkan demo --nodes 3 gives the maker's notebook the single-node passport, its trail across the nodes.
python3 scripts/check-demo-nodes.py .build/debug/junkan
# Issue 24: the demo's responses on a fixed list of routes equal the recorded ones (volatile values numbered; scripts/check_demo_responses.py).
python3 scripts/check_demo_responses.py .build/debug/junkan Tests/Golden/demo-responses
# Issue 26: the same demo on PostgreSQL answers exactly as recorded on SQLite.
python3 scripts/check_demo_responses.py .build/debug/junkan Tests/Golden/demo-responses \
  --database "$(scripts/postgres-scratch.sh demo)" --key-dir "$(mktemp -d)/keys"
# Issue 25, items 5 and 9: schemathesis over every operation of a demo node, --checks all, with no token and with one:
# no mismatch between openapi.yaml and the server, no 5xx, no error-level log line.
scripts/fuzz-api.sh .build/debug/junkan
# Issue 25, item 6: junkan verify finds each tamper case (edited JSON, index, tiles, checkpoint rows, rollback) and serve refuses a rolled-back log.
python3 scripts/tamper-suite.py .build/debug/junkan
# Issue 3: at least 20 kills mid-capture, `junkan verify` after each restart.
python3 scripts/kill-test.py .build/debug/junkan "${KILL_ROUNDS:-20}"
# Issue 26, item 5: two junkan serve processes over one database answer as one node (8 clients at once; traces,
# footprints, passports equal to a single node's), sign as one log (aics-tlog through either), and survive the kill of
# either, the other taking over integration.
python3 scripts/multi-process-test.py .build/debug/junkan
python3 scripts/multi-process-test.py .build/debug/junkan --database "$(scripts/postgres-scratch.sh multi)"
# Issue 26: the hard-kill test on PostgreSQL too.
python3 scripts/kill-test.py .build/debug/junkan "${KILL_ROUNDS_POSTGRES:-5}" --database "$(scripts/postgres-scratch.sh kill)"
