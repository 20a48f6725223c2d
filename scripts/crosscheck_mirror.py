"""Independent check of a log as another node mirrors it (junkan mirror) with aics-tlog (PyPI, an RFC 9162 / C2SP
verifier written separately from ours): the mirrored checkpoint verifies with the peer's own key, and every tile and
entry bundle the mirror serves hashes to its root.

usage: crosscheck_mirror.py MIRROR_PREFIX_URL PEER_LOG_VKEY
"""
import sys

from aics_tlog.checkpoint import checkpoint_from_note
from aics_tlog import HttpTileReader, audit_tiles, parse_note, parse_vkey, verify_checkpoint

prefix, vkey_text = sys.argv[1:3]
reader = HttpTileReader(prefix)
note = parse_note(reader.read_checkpoint())
result = verify_checkpoint(note, parse_vkey(vkey_text))
assert result.ok, f"the mirrored checkpoint does not verify with the peer's key: {result.error}"
cp, _ = checkpoint_from_note(note)
report = audit_tiles(reader, cp.size, cp.root)
print(f"mirror of {cp.origin} at size {cp.size}: checkpoint verified with the peer's key, every tile and entry bundle "
      f"hashes to its root ({report})")
