#!/usr/bin/env bash
# Issue 7 over HTTP against `junkan demo`: QR codes from GET /qr decoded by a real decoder (Debian's zbarimg) for a
# short and a long Digital Link; the demo notebook's VC-JWT verified by an independent JOSE implementation (PyJWT with
# the key of the maker's did.json); `junkan verify-passport` passing on the genuine file (witness quorum 1) and failing,
# saying what, on tampered ones.
# usage: scripts/check-passport.sh JUNKAN_BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$1"
if ! command -v zbarimg >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools >/dev/null
fi
venv="$root/.venv-jose"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import jwt, cryptography" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "PyJWT[crypto]==2.10.1"
fi
work="$(mktemp -d)"
port=$(python3 "$(dirname "$0")/free-port-pair.py")
"$bin" demo --database "$work/demo.sqlite" --port "$port" > "$work/demo.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -sf "$base/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$work/demo.log"; exit 1; }
  sleep 0.2
done
sleep 2  # the first checkpoints, and the witness's cosignature

# QR codes: short, and long (version 10+ with attributes), PNG decoded by zbarimg to the same URI; SVG served too.
short="https://id.gs1.org/01/04912345000071/21/NB24A0001"
long="https://dpp.example.com/01/04912345000071/10/LOT-2024-10-A/21/NB24A0001?17=301231&3103=001340&linkType=gs1%3Adpp&campaign=take-back-2026"
longest="$long&note=$(printf 'recycled-PC-ABS-housing-%.0s' $(seq 1 14))"  # about 480 characters: version 15+, several blocks
for uri in "$short" "$long" "$longest"; do
  for ecc in L M Q H; do
    curl -sf -H 'Accept: image/png' -o "$work/qr.png" "$base/qr?ecc=$ecc&uri=$("$venv/bin/python" -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$uri")"
    decoded="$(zbarimg --quiet --raw "$work/qr.png" 2>/dev/null)"
    if [ "$decoded" != "$uri" ]; then echo "QR ($ecc) decodes to '$decoded', not '$uri'"; exit 1; fi
  done
  echo "QR: zbarimg decodes $((${#uri})) characters at L, M, Q and H"
done
curl -sf -H 'Accept: image/svg+xml' "$base/qr?uri=$short" | grep -q '<svg'

# The credential, checked by PyJWT against the maker's DID document.
passport="$base/passports/01/04912345000071/21/NB24A0001"
curl -sf -o "$work/nb.jwt" "$passport?format=vc%2Bjwt"
org="$(grep -o 'orgs/[^/]*/did.json' "$work/demo.log" | head -1 | cut -d/ -f2)"
curl -sf -o "$work/did.json" "$base/orgs/$org/did.json"
"$venv/bin/python" - "$work/nb.jwt" "$work/did.json" <<'PY'
import json, sys, jwt
token = open(sys.argv[1]).read().strip()
did = json.load(open(sys.argv[2]))
header = jwt.get_unverified_header(token)
assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt", header
method = next(m for m in did["verificationMethod"] if m["id"] == header["kid"])
key = jwt.PyJWK(method["publicKeyJwk"], algorithm="EdDSA")
claims = jwt.decode(token, key=key, algorithms=["EdDSA"], options={"verify_aud": False})
assert claims["@context"][0] == "https://www.w3.org/ns/credentials/v2" and "VerifiableCredential" in claims["type"]
assert claims["issuer"]["id"] == did["id"], (claims["issuer"], did["id"])
trail = claims["credentialSubject"]["traceabilityInformation"]
assert trail and all("junkan:logProof" in t for t in trail), "every trail event carries a proof"
print(f"PyJWT: EdDSA signature by {header['kid']} verifies; {len(trail)} trail events with proofs")
PY

# Offline verification with the log and witness keys the demo printed.
args="$(grep -o -- '--log-key .*' "$work/demo.log" | head -1)"
# shellcheck disable=SC2086
"$bin" verify-passport "$work/nb.jwt" --did-document "$work/did.json" $args > "$work/ok.txt"
tail -1 "$work/ok.txt"
# Tampered: a claim changed (signature), and a proof's hash changed (inclusion).
"$venv/bin/python" - "$work/nb.jwt" "$work" <<'PY'
import base64, json, sys
token = open(sys.argv[1]).read().strip()
h, p, s = token.split(".")
claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
claims["credentialSubject"]["name"] = "Someone else's notebook"
forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
open(sys.argv[2] + "/forged.jwt", "w").write(".".join([h, forged, s]))
claims = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
proof = claims["credentialSubject"]["traceabilityInformation"][2]["junkan:logProof"].split("\n")
i = next(n for n, line in enumerate(proof) if line.startswith("index ")) + 1
proof[i] = base64.b64encode(bytes(32)).decode()
claims["credentialSubject"]["traceabilityInformation"][2]["junkan:logProof"] = "\n".join(proof)
open(sys.argv[2] + "/proof.json", "w").write(json.dumps(claims))
PY
for f in forged.jwt proof.json; do
  # shellcheck disable=SC2086
  if "$bin" verify-passport "$work/$f" --did-document "$work/did.json" $args > "$work/bad.txt"; then echo "tampered $f verified"; exit 1; fi
  grep '^FAIL' "$work/bad.txt" | head -2
done
grep -q '^FAIL  signature: the JWS signature does not verify' <("$bin" verify-passport "$work/forged.jwt" --did-document "$work/did.json" $args || true)
grep -q '^FAIL  trail\[2\]' <("$bin" verify-passport "$work/proof.json" --did-document "$work/did.json" $args || true)
echo "check-passport: all checks passed"
