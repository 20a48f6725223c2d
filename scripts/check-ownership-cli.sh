#!/usr/bin/env bash
# Issue 25, items 1 and 2: the ownership commands as an operator uses them — `org add --gs1-prefix`, `org prefix add|remove|list`,
# `org grant`, `org revoke`, `org passport-naming` — with their refusals (a nested prefix, a grant of what the grantor
# does not own, a bad serial range, an unknown organisation) as non-zero exits that say why.
set -euo pipefail
junkan="${1:?usage: check-ownership-cli.sh path/to/junkan}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/o.sqlite"
field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
fail() { echo "check-ownership-cli: $*" >&2; exit 1; }
refused() {  # refused "what it must say" command…
    local want=$1; shift
    if out=$("$@" 2>&1); then fail "accepted: $*"; fi
    grep -q -- "$want" <<<"$out" || fail "refusal of '$*' does not say '$want': $out"
}

maker=$("$junkan" org add "Maker" --gs1-prefix 4912345 --gs1-prefix 4567890 --database "$db")
maker_id=$(field id <<<"$maker")
[[ $(python3 -c "import json,sys; print(json.load(sys.stdin)['gs1Prefixes'])" <<<"$maker") == "['4912345', '4567890']" ]] || fail "org add did not echo its prefixes: $maker"
partner_id=$("$junkan" org add "Partner" --database "$db" | field id)
refused "6 to 12 digits" "$junkan" org add "Bad" --gs1-prefix 12AB --database "$db"
refused "overlaps 4912345" "$junkan" org prefix add "$partner_id" 49123456 --database "$db"
refused "registered by organisation $maker_id" "$junkan" org prefix add "$partner_id" 4912345 --database "$db"
"$junkan" org prefix add "$partner_id" 5012345 --database "$db" >/dev/null

grant=$("$junkan" org grant "$maker_id" "$partner_id" --gtin 04912345000071 --serials 100..199 --database "$db")
[[ $(field serials <<<"$grant") == "100..199" ]] || fail "grant: $grant"
refused "does not own GTIN 05012345000015" "$junkan" org grant "$maker_id" "$partner_id" --gtin 05012345000015 --database "$db"
refused "FIRST not after LAST" "$junkan" org grant "$maker_id" "$partner_id" --gtin 04912345000071 --serials 200..100 --database "$db"
refused "not a valid GTIN" "$junkan" org grant "$maker_id" "$partner_id" --gtin 04912345000072 --database "$db"

list=$("$junkan" org prefix list --database "$db")
python3 - "$list" "$maker_id" "$partner_id" <<'PY'
import json, sys
got, maker, partner = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
prefixes = {(p["gs1Prefix"], p["organisation"]) for p in got["prefixes"]}
assert prefixes == {("4567890", maker), ("4912345", maker), ("5012345", partner)}, prefixes
assert [(g["grantor"], g["grantee"], g["gtin"], g["serials"]) for g in got["grants"]] == [(maker, partner, "04912345000071", "100..199")], got
assert got["conflicts"] == [], got
PY

"$junkan" org revoke "$maker_id" "$(field id <<<"$grant")" --database "$db"
refused "made no grant" "$junkan" org revoke "$maker_id" "$(field id <<<"$grant")" --database "$db"
"$junkan" org prefix remove "$maker_id" 4567890 --database "$db"
refused "has no GS1 Company Prefix 4567890" "$junkan" org prefix remove "$maker_id" 4567890 --database "$db"
[[ $("$junkan" org prefix list --database "$db" | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['prefixes']), len(d['grants']))") == "2 0" ]] || fail "list after removals"
# Issue 25, item 2: an organisation's choice not to be named on others' passports.
[[ $("$junkan" org passport-naming "$partner_id" unnamed --database "$db" | field passportNaming) == "unnamed" ]] || fail "passport-naming unnamed"
refused "no organisation org-nobody" "$junkan" org passport-naming org-nobody unnamed --database "$db"
refused "one of 'named' and 'unnamed'" "$junkan" org passport-naming "$partner_id" hidden --database "$db"
[[ $("$junkan" org add "Quiet" --not-named-on-passports --database "$db" | field passportNaming) == "unnamed" ]] || fail "org add --not-named-on-passports"
echo "check-ownership-cli: all checks passed"
