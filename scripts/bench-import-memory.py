#!/usr/bin/env python3
"""Issue 25, item 4: what a large import costs the server in resident memory.

A `junkan serve` gets 64 MiB imports, one at a time and then four at once: a lots CSV whose every row is refused
(`POST /materials/import`; the issue's case: a 63 MB CSV gave a 968 MB answer and a 4.42 GB peak) and a waste.csv
(`POST /circularity/import`, all or nothing: every row held until the file ends), and a lots CSV whose every row is
valid (its rise is mostly the materials index taking in its lots, which it keeps). Before each run the server is
started fresh and warmed.
The script samples its resident set (`/proc/PID/status` VmRSS) every 20 ms and reports the peak rise over the warm
baseline. Limits (the issue): under 256 MB for one import, under 1 GB for four at once. It exits 1 when a limit is
passed, or when an import is not a 200 that stored every row.

usage: bench-import-memory.py path/to/junkan [--mib N] [--only refused|waste|lots] [--count 1|4]
  (N MiB per file, default 64 minus a little: the limit is 64 MiB; --only and --count pick the cases to run)
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

JUNKAN = os.path.abspath(sys.argv[1])
MIB = float(sys.argv[sys.argv.index("--mib") + 1]) if "--mib" in sys.argv else 63.9
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
COUNT = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else None
LIMIT_ONE, LIMIT_FOUR = 256 << 20, 1 << 30
WORK = tempfile.mkdtemp(prefix="junkan-import-memory-")

GRADES = (
    "id,producer,name,polymer,kind,emission_factor,source,property,value,unit,standard,conditions\n"
    "bench-pp,Resin Co,PP bench,PP,recycled-post-consumer,1.2,bench,MFR,12,g/10min,ISO 1133,temperature_C=230;load_kg=2.16\n"
)
LOT_HEADER = ("id,grade,mass_kg,lat,lon,location_name,price_per_kg,currency,chain_of_custody,recycled_share,origin,"
              "source_stream,form,colour,filtration_micron,property,value,unit,standard,conditions\n")
WASTE_HEADER = "fiscal_year,site,region,category,subcategory,treatment,mass_t\n"


def lots_file(path, prefix, size, grade="bench-pp"):
    with open(path, "w") as f:
        f.write(LOT_HEADER)
        n = 0
        while f.tell() < size - 200:
            f.write(f"https://id.gs1.org/01/04999999000015/10/{prefix}-{n:08d},{grade},{1000 + n % 5000},35.{n % 1000:03d},139.{n % 997:03d},Plant {n % 50},"
                    f"0.{80 + n % 19},JPY,mass-balance,0.{n % 9 + 1},PCR,WEEE small appliance housings,granulate,black,100,"
                    f"MFR,{8 + n % 10},g/10min,ISO 1133,temperature_C=230;load_kg=2.16\n")
            n += 1
    return n


def waste_file(path, size):
    treatments = ["reuse", "material_recycling", "thermal_recycling", "incineration", "landfill", "other_disposal"]
    with open(path, "w") as f:
        f.write(WASTE_HEADER)
        n = 0
        while f.tell() < size - 100:
            m = n % 1440  # each site: 24 years x 10 subcategories x 6 treatments, every key once
            f.write(f"{2000 + m // 60},Site {n // 1440:07d},domestic,general,sub{m // 6 % 10},{treatments[m % 6]},{n % 997}.25\n")
            n += 1
    return n


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def post(url, path, token, content_type):
    with open(path, "rb") as f:
        data = f.read()
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    del data
    with urllib.request.urlopen(req, timeout=3600) as r:
        return r.status, json.loads(r.read())


class Server:
    def __init__(self, orgs):
        self.db = os.path.join(WORK, f"node-{time.time_ns()}.sqlite")
        self.tokens = []
        for i in range(orgs):
            out = subprocess.run([JUNKAN, "org", "add", f"Bench {i}", "--database", self.db], capture_output=True, text=True, check=True)
            self.tokens.append(json.loads(out.stdout)["token"])
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([JUNKAN, "serve", "--port", str(self.port), "--database", self.db],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/tlog/key", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # Warm: one small import of each kind, so the baseline includes what the first request loads.
        grades = os.path.join(WORK, "grades.csv")
        with open(grades, "w") as f:
            f.write(GRADES)
        for t in self.tokens:
            assert post(self.base + "/materials/import?kind=grades", grades, t, "text/csv")[0] == 200
        time.sleep(0.5)
        self.baseline = rss(self.proc.pid)
        self.peak = self.baseline
        self.sampling = True
        self.sampler = threading.Thread(target=self.sample, daemon=True)
        self.sampler.start()

    def sample(self):
        while self.sampling:
            self.peak = max(self.peak, rss(self.proc.pid))
            time.sleep(0.02)

    def stop(self):
        self.sampling = False
        self.sampler.join()
        time.sleep(0.5)
        self.retained = rss(self.proc.pid) - self.baseline
        self.proc.terminate()
        self.proc.wait(timeout=60)
        return self.peak - self.baseline


def run(kind, count):
    size = int(MIB * (1 << 20))
    files, expected = [], []
    for i in range(count):
        path = os.path.join(WORK, f"{kind}-{i}.csv")
        if kind == "waste":
            expected.append(waste_file(path, size))
        else:  # "refused": a grade no one made, so every row is rejected (the attack the issue measured)
            expected.append(lots_file(path, f"lot{i}", size, grade="bench-pp" if kind == "lots" else "no-such-grade"))
        files.append(path)
    server = Server(count)
    results = [None] * count
    start = time.time()

    def one(i):
        url = server.base + ("/circularity/import?file=waste.csv" if kind == "waste" else "/materials/import?kind=lots")
        try:
            results[i] = post(url, files[i], server.tokens[i], "text/csv")
        except urllib.error.HTTPError as e:
            print(f"  {kind} {i}: {e.code} {e.read()[:400]!r}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if None in results:
        server.stop()
        raise SystemExit(f"bench-import-memory: a {kind} import failed (see above)")
    seconds = time.time() - start
    # One search after the imports, still sampled: the materials index then holds every stored lot, whether the imports
    # updated it in place (one at a time) or it reloads from the store (writes it did not see in order).
    with urllib.request.urlopen(server.base + "/materials/lots?limit=1", timeout=3600) as r:
        assert r.status == 200
    rise = server.stop()
    for f in files:
        os.remove(f)
    ok = True
    for (status, body), rows in zip(results, expected):
        if kind == "refused":
            good = status == 200 and body.get("accepted") == 0 and body.get("rejectedCount") == rows and len(body.get("rejected", [])) == 100
        else:
            good = status == 200 and (body.get("accepted") if kind == "lots" else body.get("rows")) == rows
        if not good:
            print(f"  {kind}: status {status}, {rows} rows: {json.dumps(body)[:300]}")
            ok = False
    limit = LIMIT_ONE if count == 1 else LIMIT_FOUR
    print(f"{kind:7} x{count}: {count} x {MIB:.1f} MiB ({expected[0]} rows each) in {seconds:.1f} s; resident memory "
          f"{server.baseline / 2**20:.0f} MiB warm, peak +{rise / 2**20:.0f} MiB, +{server.retained / 2**20:.0f} MiB after "
          f"(limit {limit >> 20} MiB)")
    return ok and rise < limit


def main():
    try:
        cases = [(kind, count) for kind in ("refused", "waste", "lots") for count in (1, 4)]
        results = [run(kind, count) for kind, count in cases if ONLY in (None, kind) and COUNT in (None, count)]
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    if not all(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
