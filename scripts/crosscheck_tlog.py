"""Independent check of a running Junkan node's log with aics-tlog (PyPI, an RFC 9162 / C2SP verifier written
separately from ours), over HTTP from loopback: the cosigned checkpoint, every tile and entry bundle, inclusion
proofs computed from the tiles (and Junkan's own /tlog/proof answers), and consistency with an earlier checkpoint.

usage: crosscheck_tlog.py BASE_URL LOG_VKEY OLD_CHECKPOINT_FILE HASHES_FILE
"""
import base64
import json
import sys
import urllib.parse
import urllib.request

from aics_tlog.checkpoint import checkpoint_from_note
from aics_tlog import (HttpTileReader, audit_tiles, consistency_proof_from_tiles,
                       inclusion_proof_from_tiles, parse_note, parse_vkey, read_entry, verify_checkpoint,
                       verify_consistency, verify_leaf_inclusion)

base, vkey_text, old_file, hashes_file = sys.argv[1:5]
log_key = parse_vkey(vkey_text)
reader = HttpTileReader(base + "/tlog")

note = parse_note(reader.read_checkpoint())
result = verify_checkpoint(note, log_key)
assert result.ok, f"checkpoint does not verify: {result.error}"
cp, _ = checkpoint_from_note(note)
size, root = cp.size, cp.root
print(f"checkpoint {cp.origin} size {size} verified by aics-tlog")

report = audit_tiles(reader, size, root)
print(f"audit_tiles: every tile and entry bundle of size {size} hashes to the signed root ({report})")

old_cp, old_note = checkpoint_from_note(open(old_file).read())
assert verify_checkpoint(old_note, log_key).ok
old_root = old_cp.root
proof = consistency_proof_from_tiles(reader, old_cp.size, size)
assert verify_consistency(old_cp.size, size, old_root, root, proof), "consistency proof from tiles does not verify"
print(f"consistency {old_cp.size} -> {size} verified")

hashes = [h.strip() for h in open(hashes_file) if h.strip()]
checked = 0
for i, h in enumerate(hashes):
    if i % 97 and i != len(hashes) - 1:
        continue
    url = base + "/tlog/proof?format=json&eventHash=" + urllib.parse.quote(h, safe="")
    ours = json.load(urllib.request.urlopen(url))
    index = ours["index"]
    leaf = read_entry(reader, index, size)
    assert base64.b64decode(ours["leaf"]) == leaf, f"leaf {index} differs between /tlog/proof and the entry bundle"
    theirs = inclusion_proof_from_tiles(reader, index, size)
    assert [base64.b64encode(p).decode() for p in theirs] == ours["inclusionProof"], f"proof {index} differs"
    assert verify_leaf_inclusion(leaf, index, size, theirs, root), f"inclusion of leaf {index} does not verify"
    # The leaf names the event: bytes 2..34 are the event hash digest (docs/log-format.md).
    assert leaf[2:34].hex() in h, f"leaf {index} names another event"
    checked += 1
print(f"{checked} inclusion proofs: Junkan's equal aics-tlog's, and verify; leaves name their events")
print("aics-tlog cross-check: OK")
