#!/usr/bin/env bash
# Batch capture over HTTP on loopback into SQLite (release build), next to the raw rate of inserting the
# same rows into an SQLite database with the same schema, WAL and synchronous=FULL, one transaction per
# 10,000 events, with prepared statements (no server, no parsing, no hashing). Then the CPU each captured
# event costs the server, beside what no capture can skip, each measured here on the same events: that
# insert and the event hash.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
junkan="${1:-$root/.build/release/junkan}"
docs="${2:-5}"
per=10000
work="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=$("$junkan" org add Bench --database "$work/db.sqlite" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$junkan" serve --port "$port" --database "$work/db.sqlite" > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for i in $(seq 1 "$docs"); do python3 "$root/scripts/random_epcis.py" "$((1000 + i))" "$per" > "$work/doc$i.jsonld"; done
for _ in $(seq 1 50); do curl -sf "localhost:$port/health" >/dev/null && break; sleep 0.2; done
# The server's CPU time (user + system, clock ticks) before and after the captures.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks_before=$(cpu_ticks)
python3 - "$port" "$token" "$work" "$docs" "$per" <<'PY' > "$work/http.txt"
import sys, time, urllib.request
port, token, work, docs, per = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
times = []
for i in range(1, docs + 1):
    body = open(f"{work}/doc{i}.jsonld", "rb").read()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/capture", data=body, method="POST",
                                 headers={"Content-Type": "application/ld+json", "Authorization": "Bearer " + token})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as r:
        assert r.status == 202, r.status
        r.read()
    times.append(time.perf_counter() - t)
print(sum(times), min(times))
PY
read -r http_total http_best < "$work/http.txt"
server_cpu=$(python3 -c "import os,sys; print((int(sys.argv[2]) - int(sys.argv[1])) / os.sysconf('SC_CLK_TCK'))" "$ticks_before" "$(cpu_ticks)")
# The raw baseline: the same rows, read back from the server's database and inserted again into an empty database
# with the same schema, WAL and synchronous=FULL, one transaction per document, with prepared statements (Python's
# sqlite3 executemany): what SQLite itself takes to store them, without parsing, validating or hashing.
sqlite3 "$work/db.sqlite" ".schema events" ".schema event_identifiers" ".schema tlog_leaves" > "$work/schema.sql"
sqlite3 "$work/raw.sqlite" < "$work/schema.sql"
raw_total=$(python3 - "$work" "$per" <<'PY'
import sqlite3, sys, time
work, per = sys.argv[1], int(sys.argv[2])
src = sqlite3.connect(f"{work}/db.sqlite")
dst = sqlite3.connect(f"{work}/raw.sqlite", isolation_level=None)
dst.execute("PRAGMA journal_mode=WAL"); dst.execute("PRAGMA synchronous=FULL"); dst.execute("PRAGMA cache_size=-65536")
rows = [r[0] for r in src.execute("SELECT row FROM events ORDER BY row")]
ncols = lambda t: len(src.execute(f"SELECT * FROM {t} LIMIT 1").description)
ev_sql = f"INSERT INTO events VALUES ({','.join('?' * ncols('events'))})"
id_sql = f"INSERT INTO event_identifiers VALUES ({','.join('?' * ncols('event_identifiers'))})"
leaf_sql = f"INSERT INTO tlog_leaves VALUES ({','.join('?' * ncols('tlog_leaves'))})"
total = 0.0
for b in range(0, len(rows), per):
    lo, hi = rows[b], rows[min(b + per, len(rows)) - 1]
    events = src.execute("SELECT * FROM events WHERE row BETWEEN ? AND ?", (lo, hi)).fetchall()
    ids = src.execute("SELECT * FROM event_identifiers WHERE event_row BETWEEN ? AND ?", (lo, hi)).fetchall()
    leaves = src.execute("SELECT l.* FROM tlog_leaves l JOIN events e ON e.leaf_seq = l.seq WHERE e.row BETWEEN ? AND ?", (lo, hi)).fetchall()
    t = time.perf_counter()
    dst.execute("BEGIN")
    dst.executemany(ev_sql, events)
    dst.executemany(id_sql, ids)
    dst.executemany(leaf_sql, leaves)
    dst.execute("COMMIT")
    total += time.perf_counter() - t
print(total)
PY
)
# The other thing every captured event costs, whatever the server does around it: its CBV event hash (the CLI on the
# same documents, all cores, CPU time including start-up).
hash_cpu=$(python3 - "$junkan" "$work" "$docs" <<'PY'
import resource, subprocess, sys
junkan, work, docs = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(1, docs + 1):
    subprocess.run([junkan, "event-hash", f"{work}/doc{i}.jsonld"], stdout=subprocess.DEVNULL, check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime)
PY
)
python3 - "$docs" "$per" "$http_total" "$http_best" "$raw_total" "$server_cpu" "$hash_cpu" <<'PY'
import sys
docs, per = int(sys.argv[1]), int(sys.argv[2])
http, best, raw, server, hashing = map(float, sys.argv[3:8])
n = docs * per
us = lambda seconds: 1e6 * seconds / n
print(f"capture over HTTP, {docs} documents of {per} events: {n/http:,.0f} events/s (best document {per/best:,.0f} events/s); "
      f"raw SQLite insert of the same rows (events, identifiers, log leaves): {n/raw:,.0f} events/s; HTTP capture / raw insert = {raw/http:.2f}")
floor = us(raw) + us(hashing)
print(f"CPU per event: the server {us(server):.0f} µs; of it no capture can skip the SQLite insert ({us(raw):.0f} µs, one core) "
      f"and the event hash ({us(hashing):.0f} µs): {floor:.0f} µs, so at most {2e6/floor:,.0f} events/s on 2 cores before the "
      f"leaf's Ed25519 signature (scripts/bench-log.sh measures it) and everything else (HTTP, parsing, validation, canonical JSON, trace)")
PY
