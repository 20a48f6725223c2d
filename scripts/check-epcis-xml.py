#!/usr/bin/env python3
"""The EPCIS XML binding against independent implementations (issue 29, item 5).

For every EPCIS 2.0 XML example of the fixtures (GS1's XML/ folder and the reference hash generator's tests/examples):
  * lxml (libxml2 in PyPI's build, not junkan's) says whether GS1's XSD accepts it;
  * a valid document: `junkan event-hash FILE.xml` equals `python -m epcis_event_hash_generator FILE.xml` (or, where the
    reference's own XML and JSON-LD readers disagree, the reference on junkan's JSON-LD form of the file), and
    `junkan capture FILE.xml` stores every event of it on a running node under exactly those hashes;
  * an invalid one: `junkan event-hash` and `POST /capture` refuse it, naming a line.
Then every event the node stored is read back with Accept: application/xml, and lxml validates that query document
against GS1's query XSD. Every EPCIS 1.2 example is converted by junkan and by GS1's convert-1.2-to-2.0.xsl (xsltproc;
lxml's libxslt where xsltproc is not installed), and the two outputs must be the same elements.
Run with the reference virtualenv's python (scripts/reference-venv.sh: epcis-event-hash-generator, lxml).
Usage: scripts/check-epcis-xml.py [junkan binary]"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from served_node import ServedNode, log_path  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JUNKAN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/junkan"))
FIXTURES = os.environ.get("JUNKAN_FIXTURES", os.path.join(os.path.dirname(ROOT), "shared", "fixtures"))
XSD = os.path.join(FIXTURES, "epcis/gs1-EPCIS/XSD")
CAPTURE_NS = "urn:epcglobal:epcis:xsd:2"
QUERY_NS = "urn:epcglobal:epcis-query:xsd:2"

schemas = {
    CAPTURE_NS: etree.XMLSchema(etree.parse(os.path.join(XSD, "EPCglobal-epcis-2_0.xsd"))),
    QUERY_NS: etree.XMLSchema(etree.parse(os.path.join(XSD, "EPCglobal-epcis-query-2_0.xsd"))),
}


# Documents on which the reference generator's own XML reader and its JSON-LD reader disagree. Junkan hashes an XML event
# as its JSON-LD form (what it stores, and what `junkan verify` recomputes), so for these each event must equal the
# reference on the XML or on that form (and not every one the XML: a file that stops diverging must leave the list).
DIVERGENT = {
    "WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.xml": "an xsi:nil quantity: the reference's XML reader hashes the xsi:nil attribute",
    "WithFullCombinationOfFields/aggregation_event_all_possible_fields.xml": "sensor booleanValue: XML `true`, JSON true hashed as Python's `True`",
    "WithFullCombinationOfFields/association_event_all_possible_fields.xml": "sensor booleanValue",
    "WithFullCombinationOfFields/object_event_all_possible_fields.xml": "sensor booleanValue",
    "WithFullCombinationOfFields/transaction_event_all_possible_fields.xml": "sensor booleanValue",
    "WithFullCombinationOfFields/transformation_event_all_possible_fields.xml": "sensor booleanValue",
    "WithEventHashID/event_with_identical_hash_id_1.xml": "sensor booleanValue",
    "WithEventHashID/event_with_identical_hash_id_2.xml": "sensor booleanValue",
    "WithEventHashID/event_with_identical_hash_id_3.xml": "sensor booleanValue",
    "WithEventHashID/event_with_identical_hash_id_4.xml": "sensor booleanValue",
    "WithEventHashID/event_with_identical_hash_id_5.xml": "sensor booleanValue",
    "WithEventHashID/event_with_identical_hash_id_6.xml": "sensor booleanValue",
    "WithSensorData/SensorDataExamples.xml": "sensor booleanValue; and the reference's JSON-LD reader leaves a bare bizStep unexpanded in one event",
    "Example-TransactionEvent-2020_07_03y.xml": "the reference's XML reader fails on it (IndexError in its pair-list correction)",
    "epcisDocWithTransformationEventWithMultipleExtensions.xml": "an extension member c4l:source, which the reference's JSON-LD reader takes for a source pair",
}


def reference_hashes(path):
    # One process per document: the reference keeps namespace state in module globals.
    out = subprocess.run([sys.executable, "-m", "epcis_event_hash_generator", "-l", "CRITICAL", path],
                         capture_output=True, text=True, cwd=tempfile.gettempdir())
    return [line for line in out.stdout.splitlines() if line.startswith("ni:")]


def reference_prehashes(path):
    out = subprocess.run([sys.executable, "-m", "epcis_event_hash_generator", "-p", "-l", "CRITICAL", path],
                         capture_output=True, text=True, cwd=tempfile.gettempdir()).stdout.splitlines()
    if "Pre-hash strings:" not in out:
        return []
    return [line for line in out[out.index("Pre-hash strings:") + 1:] if line and line != "---"]


def junkan(*args):
    return subprocess.run([JUNKAN, *args], capture_output=True, text=True)


def canonical(element):
    """An element by namespace and name (prefixes aside), its attributes, trimmed text and children in order."""
    return (element.tag, sorted(element.attrib.items()), (element.text or "").strip(),
            [canonical(c) for c in element if isinstance(c.tag, str)])


def xslt_convert(path, out):
    """GS1's convert-1.2-to-2.0.xsl run by xsltproc (Debian's, as CI installs it), or by lxml's libxslt where xsltproc is
    missing (a developer's machine); returns which ran."""
    xsl = os.path.join(FIXTURES, "epcis/gs1-EPCIS/XSL/convert-1.2-to-2.0.xsl")
    if shutil.which("xsltproc"):
        # (xsltproc notes that the stylesheet says version 2.0 and runs it in forwards-compatible mode: it uses only 1.0.)
        run = subprocess.run(["xsltproc", "-o", out, xsl, path], capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"xsltproc failed on {path}: {run.stderr}")
        return "xsltproc"
    with open(out, "wb") as f:
        f.write(etree.tostring(etree.XSLT(etree.parse(xsl))(etree.parse(path))))
    return "lxml"


def check_epcis_12(work, node, token, failures):
    """Every EPCIS 1.2 example: junkan's conversion equals the stylesheet's output, element by element; the document
    captures (or, where the 2.0 form cannot hold it, is refused naming the line); where the stylesheet's output is valid
    2.0, the reference hashes it as junkan hashes the 1.2 document."""
    files = sorted(glob.glob(os.path.join(FIXTURES, "epcis/gs1-EPCIS/XSL/1.2/XML/*.xml")))
    ran = None
    for path in files:
        name = os.path.relpath(path, FIXTURES)
        converted = os.path.join(work, "xslt-" + os.path.basename(path))
        ran = xslt_convert(path, converted)
        ours = junkan("event-hash", "--epcis-2-xml", path)
        if ours.returncode != 0:
            failures.append(f"{name}: junkan could not convert it: {ours.stderr.strip()[:300]}")
            continue
        if canonical(etree.fromstring(ours.stdout.encode())) != canonical(etree.parse(converted).getroot()):
            failures.append(f"{name}: junkan's 2.0 conversion differs from {ran}'s run of convert-1.2-to-2.0.xsl")
            continue
        hashes = junkan("event-hash", path)
        captured = junkan("capture", path, "--server", f"http://127.0.0.1:{node.port}", "--token", token)
        if schemas[CAPTURE_NS].validate(etree.parse(converted)):
            if hashes.returncode != 0 or captured.returncode != 0:
                failures.append(f"{name}: converts to valid 2.0 but junkan refused it: {hashes.stderr.strip()[:200]} {captured.stderr.strip()[:200]}")
            elif reference_hashes(converted) and hashes.stdout.split() != reference_hashes(converted):
                # (The reference cannot hash every document: then junkan's hashes stand alone, as for GS1's TransactionEvent example.)
                failures.append(f"{name}: junkan {hashes.stdout.split()} != reference on the converted document {reference_hashes(converted)}")
        elif captured.returncode == 0 or "line " not in captured.stderr:
            # The stylesheet's output is not valid 2.0 (an unqualified element it moves into `extension`, a baseExtension
            # where 2.0 has none): junkan either reads it as the decoder's own checks allow or refuses it naming the line.
            if hashes.returncode != 0:
                failures.append(f"{name}: neither captured nor refused with a line: {captured.stderr.strip()[:300]}")
        print(f"  {name}: converted as {ran} converts it; " + ("captured" if captured.returncode == 0 else "refused: " + captured.stderr.strip()[:160]))
    return len(files), ran


def main():
    files = sorted(glob.glob(os.path.join(FIXTURES, "epcis/gs1-EPCIS/XML/**/*.xml"), recursive=True)
                   + glob.glob(os.path.join(FIXTURES, "epcis/epcis-event-hash-generator/tests/examples/*.xml")))
    failures = []
    work = tempfile.mkdtemp(prefix="junkan-xml-")
    db = os.path.join(work, "node.sqlite")
    org = json.loads(junkan("org", "add", "XML Org", "--database", db).stdout)
    node = ServedNode(JUNKAN, "xml", db, log_path(work, "xml"))
    node.start()
    expected_stored = set()
    counts = {"valid": 0, "invalid": 0, "skipped": 0, "divergent": 0, "events": 0}
    try:
        for path in files:
            name = os.path.relpath(path, FIXTURES)
            root = etree.parse(path).getroot()
            ns = etree.QName(root).namespace
            if etree.QName(root).localname not in ("EPCISDocument", "EPCISQueryDocument") or ns not in schemas:
                counts["skipped"] += 1  # capture jobs and master-data documents: not event documents
                continue
            valid = schemas[ns].validate(etree.parse(path))
            ours = junkan("event-hash", path)
            if not valid:
                counts["invalid"] += 1
                if ours.returncode == 0 or "line " not in ours.stderr:
                    failures.append(f"{name}: invalid per lxml ({schemas[ns].error_log.last_error}), junkan did not refuse it with a line")
                continue
            counts["valid"] += 1
            if ours.returncode != 0:
                failures.append(f"{name}: valid per lxml, junkan refused it: {ours.stderr.strip()[:300]}")
                continue
            hashes = ours.stdout.split()
            reference = reference_hashes(path)
            reason = next((r for suffix, r in DIVERGENT.items() if path.endswith("/" + suffix)), None)
            if reason and not reference:
                # The reference cannot hash it at all (nor its JSON-LD form): junkan's hashes stand alone.
                counts["divergent"] += 1
                print(f"  {name}: not hashed by the reference ({reason})")
            elif reason:
                form = os.path.join(work, "form.jsonld")
                with open(form, "w") as f:
                    f.write(junkan("event-hash", "--json-ld", path).stdout)
                # Event by event, junkan equals the reference through one of its two readers, and not through the XML
                # one for every event (else the file is not divergent and should leave the list).
                on_form = reference_hashes(form)
                # The third way to agree: the reference's pre-hash of the XML with exactly what JSON-LD does differently
                # applied to it: a boolean as its JSON reader writes it (`True`), and a value `prefix:x` of a prefix the
                # document declares expanded to the prefix's IRI (JSON-LD expands compact IRIs; the XML reader does not).
                ours_pre = [line for line in junkan("event-hash", "--prehash", path).stdout.splitlines() if not line.startswith("ni:")]
                with open(form) as f:
                    declared = {k: v for entry in json.load(f)["@context"] if isinstance(entry, dict) for k, v in entry.items()}

                def as_json_ld(pre):
                    pre = pre.replace("booleanValue=true", "booleanValue=True")
                    for prefix, iri in declared.items():
                        pre = pre.replace("=" + prefix + ":", "=" + iri)
                    return pre
                xml_pre = [as_json_ld(p) for p in reference_prehashes(path)]
                agree = [h in (x, j) or (i < len(xml_pre) and ours_pre[i] == xml_pre[i])
                         for i, (h, x, j) in enumerate(zip(hashes, reference, on_form))]
                if len(hashes) != len(reference) or not all(agree) or hashes == reference:
                    failures.append(f"{name}: listed as divergent ({reason}), but junkan {hashes}, reference on the XML {reference}, "
                                    f"on the JSON-LD form {on_form}")
                    continue
                counts["divergent"] += 1
                print(f"  {name}: = the reference on its JSON-LD form, not on the XML ({reason})")
            elif hashes != reference:
                failures.append(f"{name}: junkan {hashes} != reference {reference}")
                continue
            if ns != CAPTURE_NS:
                continue
            captured = junkan("capture", path, "--server", f"http://127.0.0.1:{node.port}", "--token", org["token"])
            if captured.returncode != 0:
                failures.append(f"{name}: junkan capture failed: {captured.stderr.strip()[:300]}")
                continue
            counts["events"] += len(hashes)
            expected_stored |= set(hashes)
        # Every event stored under the hash the reference gives, read back as XML valid against the query XSD.
        request = urllib.request.Request(f"http://127.0.0.1:{node.port}/events?perPage=10000",
                                         headers={"Authorization": "Bearer " + org["token"], "Accept": "application/xml"})
        with urllib.request.urlopen(request) as r:
            assert r.headers["Content-Type"] == "application/xml", r.headers["Content-Type"]
            body = r.read()
        document = etree.fromstring(body)
        if not schemas[QUERY_NS].validate(etree.ElementTree(document)):
            failures.append(f"query results in XML are not valid against the query XSD: {schemas[QUERY_NS].error_log.last_error}")
        with open(os.path.join(work, "results.xml"), "wb") as f:
            f.write(body)
        # The XML results read back (by junkan's reader) hold every captured event under its hash.
        stored = set(junkan("event-hash", os.path.join(work, "results.xml")).stdout.split())
        if not expected_stored <= stored:
            failures.append(f"{len(expected_stored - stored)} captured events are missing from the XML query results "
                            f"(kept in {work}/results.xml), e.g. {sorted(expected_stored - stored)[:3]}")
        converted_12, xslt = check_epcis_12(work, node, org["token"], failures)
        # A refused document is a 400 naming its line, never a 5xx.
        bad = next(p for p in files if p.endswith("SensorDataExamples.xml") and "epcis-event-hash-generator" in p)
        request = urllib.request.Request(f"http://127.0.0.1:{node.port}/capture", data=open(bad, "rb").read(), method="POST",
                                         headers={"Authorization": "Bearer " + org["token"], "Content-Type": "application/xml"})
        try:
            urllib.request.urlopen(request)
            failures.append("an invalid document was captured")
        except urllib.error.HTTPError as e:
            problem = json.loads(e.read())
            if e.code != 400 or not problem.get("errors") or "line" not in problem["errors"][0]:
                failures.append(f"invalid document: HTTP {e.code} {problem}")
    finally:
        node.stop()
    print(f"EPCIS XML check: {counts['valid']} valid documents ({counts['divergent']} where the reference's readers differ), "
          f"{counts['invalid']} invalid refused, {counts['skipped']} not event documents; {counts['events']} events captured, "
          f"{len(stored)} read back as XML valid against the query XSD; {converted_12} EPCIS 1.2 documents converted as {xslt} "
          "runs GS1's stylesheet")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
