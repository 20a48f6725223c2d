"""Random EPCIS 2.0 documents for cross-checks and benchmarks: every event type, EPC URNs and Digital
Links, bare / URN / URI vocabulary, quantities, time zones and fractions, sources and destinations,
sensor data, ILMD and user extensions. Deterministic for a given seed."""
import json
import random

CONTEXT = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
           {"example": "https://ns.example.com/epcis/", "junkan": "https://w3id.org/junkan/voc/"}]
BIZSTEPS = ["shipping", "receiving", "commissioning", "inspecting", "packing", "collecting"]
# Non-CBV steps are written as URIs, as EPCIS 2.0 asks of custom values. (Written bare, the reference
# would expand them only if another event of the same document happened to spell out a CBV URI
# ending the same way; Junkan hashes each event on its own. See EventHash+BareValues.swift.)
CUSTOM_BIZSTEPS = ["https://w3id.org/junkan/voc/BizStep-recycling", "https://w3id.org/junkan/voc/BizStep-dismantling"]
DISPOSITIONS = ["in_transit", "in_progress", "active", "recalled", "disposed", "available"]
GCPS = ["4012345", "0614141", "9521234", "450123456"]


def gtin_parts(r):
    gcp = r.choice(GCPS)
    item = str(r.randint(0, 10 ** (13 - len(gcp)) - 1)).zfill(13 - len(gcp))
    return gcp, item


def check_digit(body):
    s = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def sgtin(r):
    gcp, item = gtin_parts(r)
    serial = str(r.randint(1, 10 ** 6))
    if r.random() < 0.5:
        return f"urn:epc:id:sgtin:{gcp}.{item}.{serial}"
    body = item[0] + gcp + item[1:]
    return f"https://id.gs1.org/01/{body}{check_digit(body)}/21/{serial}"


def lgtin(r):
    gcp, item = gtin_parts(r)
    lot = r.choice(["L", "LOT", "R"]) + str(r.randint(1, 99999))
    if r.random() < 0.5:
        return f"urn:epc:class:lgtin:{gcp}.{item}.{lot}"
    body = item[0] + gcp + item[1:]
    return f"https://id.gs1.org/01/{body}{check_digit(body)}/10/{lot}"


def sgln(r):
    gcp = r.choice(GCPS)
    loc = str(r.randint(0, 10 ** (12 - len(gcp)) - 1)).zfill(12 - len(gcp))
    return f"urn:epc:id:sgln:{gcp}.{loc}.{r.choice(['0', '1', '400'])}"


def vocab(r, term, kind):
    form = r.random()
    if form < 0.6:
        return term
    if form < 0.8:
        return f"https://ref.gs1.org/cbv/{kind}-{term}"
    urn = {"BizStep": "bizstep", "Disp": "disp"}[kind]
    return f"urn:epcglobal:cbv:{urn}:{term}"


def timestamp(r):
    y, mo, d = 2020 + r.randint(0, 5), r.randint(1, 12), r.randint(1, 28)
    h, mi, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    # Six-digit fractions stay below .9995: above it the reference generator fails on the event
    # (Python cannot round 999,500+ microseconds up into the next second) and leaves it out.
    frac = r.choice(["", ".0", f".{r.randint(0, 999):03d}", f".{r.randint(0, 999499):06d}"])
    tz = r.choice(["Z", "+09:00", "-05:00", "+01:00", "+05:30"])
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{frac}{tz}", ("+00:00" if tz == "Z" else tz)


def quantity(r):
    q = {"epcClass": lgtin(r)}
    if r.random() < 0.9:
        q["quantity"] = r.choice([r.randint(1, 5000), round(r.uniform(0.1, 9999), r.randint(1, 3))])
        q["uom"] = r.choice(["KGM", "TNE", "GRM"])
    return q


def event(r, i):
    t, tz = timestamp(r)
    kind = r.choice(["ObjectEvent", "ObjectEvent", "TransformationEvent", "AggregationEvent", "TransactionEvent", "AssociationEvent"])
    e = {"type": kind, "eventTime": t, "eventTimeZoneOffset": tz}
    if kind == "ObjectEvent":
        e["epcList"] = [sgtin(r) for _ in range(r.randint(0, 3))]
        if r.random() < 0.5 or not e["epcList"]:
            e["quantityList"] = [quantity(r) for _ in range(r.randint(1, 2))]
        e["action"] = r.choice(["ADD", "OBSERVE", "DELETE"])
        if r.random() < 0.3:
            e["ilmd"] = {"junkan:materialGrade": f"PP-R{r.randint(1, 20)}", "junkan:emissionFactor": round(r.uniform(0.5, 3), 3)}
    elif kind == "TransformationEvent":
        e["inputQuantityList"] = [quantity(r) for _ in range(r.randint(1, 3))]
        e["outputQuantityList"] = [quantity(r) for _ in range(r.randint(1, 2))]
        if r.random() < 0.5:
            e["junkan:ghgEmissions"] = round(r.uniform(0, 500), 2)
    elif kind in ("AggregationEvent", "AssociationEvent"):
        e["parentID"] = sgtin(r)
        e["childEPCs"] = [sgtin(r) for _ in range(r.randint(1, 4))]
        e["action"] = r.choice(["ADD", "OBSERVE", "DELETE"])
    else:
        e["epcList"] = [sgtin(r)]
        e["action"] = r.choice(["ADD", "OBSERVE", "DELETE"])
        e["bizTransactionList"] = [{"type": r.choice(["po", "desadv", "inv"]), "bizTransaction": f"urn:epcglobal:cbv:bt:4012345000009:{r.randint(1, 99999)}"}]
    if r.random() < 0.9:
        e["bizStep"] = vocab(r, r.choice(BIZSTEPS), "BizStep") if r.random() < 0.85 else r.choice(CUSTOM_BIZSTEPS)
    if r.random() < 0.7:
        e["disposition"] = vocab(r, r.choice(DISPOSITIONS), "Disp")
    if r.random() < 0.8:
        e["readPoint"] = {"id": sgln(r)}
    if r.random() < 0.5:
        e["bizLocation"] = {"id": sgln(r)}
    if r.random() < 0.2:
        e["sourceList"] = [{"type": "owning_party", "source": "urn:epc:id:pgln:4012345.00000"}]
        e["destinationList"] = [{"type": "location", "destination": sgln(r)}]
    if r.random() < 0.15:
        e["sensorElementList"] = [{"sensorMetadata": {"time": timestamp(r)[0]},
                                   "sensorReport": [{"type": r.choice(["Temperature", "RelativeHumidity"]),
                                                     "value": round(r.uniform(-10, 40), 1), "uom": "CEL"}]}]
    if r.random() < 0.3:
        e["example:batchNote"] = r.choice(["ok", "checked", "A-" + str(r.randint(1, 99))])
    return e


def document(seed, n):
    r = random.Random(seed)
    return {"@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-05-01T00:00:00Z",
            "epcisBody": {"eventList": [event(r, i) for i in range(n)]}}


if __name__ == "__main__":
    import sys
    json.dump(document(int(sys.argv[1]), int(sys.argv[2])), sys.stdout)
