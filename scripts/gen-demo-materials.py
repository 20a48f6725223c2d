"""Writes Sources/junkan/Resources/Demo/materials.json: the grades, lots and requests `junkan demo` loads (docs/materials.md).

Each grade cites where its values come from. "stored copy" grades were transcribed from the public page named, read on
this project's machine; "as recalled" grades are the producer's public data sheet as the author remembers it and are to
be checked against the sheet; "illustrative" grades are made up for the demo (no public data sheet was at hand) and say
so in their source. Lots carry their seller's measurements, consistent with their grade."""
import json
import os

LOOP = {"temperature_C": 230, "load_kg": 2.16}
PE = {"temperature_C": 190, "load_kg": 2.16}


def p(prop, value, unit, standard, conditions=None):
    out = {"property": prop, "value": value, "unit": unit, "standard": standard}
    if conditions:
        out["conditions"] = conditions
    return out


def grade(id, producer, name, polymer, kind, props, ef, source, checked):
    return {"id": id, "producer": producer, "name": name, "polymer": polymer, "kind": kind, "properties": props,
            "emissionFactor": ef, "source": f"{source} [{checked}]"}


GRADES = [
    grade("ladhari-vpp-median", "Market median (18 data sheets)", "Virgin PP, median", "PP", "virgin",
          [p("MFR", 6.3, "g/10min", "ISO 1133", LOOP), p("tensileModulus", 1200, "MPa", "ISO 527-2"),
           p("charpyNotched", 7.5, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23})], 1.6,
          "Ladhari et al., Recycling 2021, 6, 76, doi:10.3390/recycling6040076 (medians of virgin PP data sheets)", "stored copy"),
    grade("ladhari-rpp-median", "Market median (18 recyclers)", "Recycled PP, median", "PP", "recycled-post-consumer",
          [p("MFR", 11, "g/10min", "ISO 1133", LOOP), p("tensileModulus", 1400, "MPa", "ISO 527-2"),
           p("charpyNotched", 4.8, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23})], 0.6,
          "Ladhari et al., Recycling 2021, 6, 76, doi:10.3390/recycling6040076 (medians of recycled PP data sheets)", "stored copy"),
    grade("rpp-battery-copolymer", "Battery-case recycler", "RPP Serilene, reprocessed PP copolymer", "PP-B", "recycled-post-consumer",
          [p("density", 0.910, "g/cm3", "ISO 1183"), p("MFR", 8, "g/10min", "ISO 1133", LOOP), p("yieldStress", 22, "MPa", "ISO 527-2"),
           p("elongationAtBreak", 80, "%", "ISO 527-2"), p("charpyNotched", 7, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23}),
           p("flexuralModulus", 1000, "MPa", "ISO 178"), p("vicat", 75, "°C", "ISO 306", {"method": "B50"}),
           p("HDT", 49, "°C", "ISO 75-2", {"stress_MPa": 1.8})], 0.5,
          "Material Specification, Reprocessed Polypropylene copolymer (RPP Serilene), public copy indexed as "
          "websiteproxy.net/1337x-proxy/index.php?q=mKaqo9Sg… (minimum and mid-range values)", "stored copy"),
    grade("arezio-pp-pe-50", "Arezio marketplace", "Recycled PP/PE granules, 50% PP", "PP+PE", "recycled-post-consumer",
          [p("MFR", 6, "g/10min", "ISO 1133", LOOP), p("density", 0.935, "g/cm3", "ISO 1183"), p("tensileModulus", 900, "MPa", "ISO 527")], 0.5,
          "https://www.arezio.it/offerta/granuli-in-pppe-riciclati-con-50-di-pp-it/ (mid-range of MFI 5–7, density 0.93–0.94)", "stored copy"),
    grade("lyb-moplen-hp500n", "LyondellBasell", "Moplen HP500N", "PP-H", "virgin",
          [p("MFR", 12, "g/10min", "ISO 1133", LOOP), p("density", 0.90, "g/cm3", "ISO 1183"), p("flexuralModulus", 1550, "MPa", "ISO 178"),
           p("yieldStress", 34, "MPa", "ISO 527-2")], 1.6,
          "LyondellBasell, Moplen HP500N technical data sheet", "as recalled"),
    grade("kenaplasto-hdpe-5502", "Kenaplasto", "HDPE 5502", "PE-HD", "virgin",
          [p("density", 0.955, "g/cm3", "ASTM D1505"), p("MFR", 0.35, "g/10min", "ASTM D1238", PE)], 1.8,
          "http://kenaplasto.com/hdpe.html (HDPE 5502 technical data sheet)", "stored copy"),
    grade("dow-hdpe-dmda-8920", "Dow", "HDPE DMDA-8920", "PE-HD", "virgin",
          [p("density", 0.954, "g/cm3", "ASTM D792"), p("MFR", 20, "g/10min", "ASTM D1238", PE)], 1.8,
          "https://www.chemategroup.com/hdpe-dmda-8920/ (Dow data sheet values)", "stored copy"),
    grade("demo-rhdpe-bottles", "Junkan Demo Recycler", "rPE-HD from detergent bottles", "PE-HD", "recycled-post-consumer",
          [p("density", 958, "kg/m3", "ISO 1183"), p("MFR", 0.7, "g/10min", "ISO 1133", PE), p("tensileModulus", 1000, "MPa", "ISO 527-2")], 0.5,
          "Illustrative values for the demo, not from a data sheet", "illustrative"),
    grade("styrolution-terluran-gp35", "INEOS Styrolution", "Terluran GP-35", "ABS", "virgin",
          [p("MVR", 34, "cm3/10min", "ISO 1133", {"temperature_C": 220, "load_kg": 10}), p("density", 1.04, "g/cm3", "ISO 1183"),
           p("tensileModulus", 2300, "MPa", "ISO 527-2"), p("charpyNotched", 22, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23}),
           p("vicat", 98, "°C", "ISO 306", {"method": "B50"})], 3.8,
          "INEOS Styrolution, Terluran GP-35 data sheet (CAMPUS)", "as recalled"),
    grade("demo-rabs-weee", "Junkan Demo Recycler", "rABS from small appliances", "ABS", "recycled-post-consumer",
          [p("MVR", 25, "cm3/10min", "ISO 1133", {"temperature_C": 220, "load_kg": 10}), p("density", 1.05, "g/cm3", "ISO 1183"),
           p("tensileModulus", 2200, "MPa", "ISO 527-2"), p("charpyNotched", 14, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23})], 0.9,
          "Illustrative values for the demo, not from a data sheet", "illustrative"),
    grade("covestro-makrolon-2405", "Covestro", "Makrolon 2405", "PC", "virgin",
          [p("MVR", 19, "cm3/10min", "ISO 1133", {"temperature_C": 300, "load_kg": 1.2}), p("density", 1.20, "g/cm3", "ISO 1183"),
           p("tensileModulus", 2400, "MPa", "ISO 527-2"), p("HDT", 125, "°C", "ISO 75-2", {"stress_MPa": 1.8})], 3.4,
          "Covestro, Makrolon 2405 data sheet (CAMPUS)", "as recalled"),
    grade("demo-rpc-water-bottles", "Junkan Demo Recycler", "rPC from water-cooler bottles", "PC", "recycled-post-consumer",
          [p("MVR", 22, "cm3/10min", "ISO 1133", {"temperature_C": 300, "load_kg": 1.2}), p("density", 1.20, "g/cm3", "ISO 1183"),
           p("tensileModulus", 2350, "MPa", "ISO 527-2"), p("charpyNotched", 12, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23})], 0.8,
          "Illustrative values for the demo, not from a data sheet", "illustrative"),
    grade("covestro-bayblend-t65xf", "Covestro", "Bayblend T65 XF", "PC+ABS", "virgin",
          [p("MVR", 18, "cm3/10min", "ISO 1133", {"temperature_C": 260, "load_kg": 5}), p("density", 1.14, "g/cm3", "ISO 1183"),
           p("tensileModulus", 2300, "MPa", "ISO 527-2"), p("charpyNotched", 45, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23}),
           p("UL94", "HB", "class", "UL 94", {"thickness_mm": 1.5})], 3.6,
          "Covestro, Bayblend T65 XF data sheet (CAMPUS)", "as recalled"),
    grade("demo-rpcabs-notebooks", "Junkan Demo Recycler", "rPC+ABS from collected notebook PCs", "PC+ABS", "recycled-post-consumer",
          [p("MVR", 22, "cm3/10min", "ISO 1133", {"temperature_C": 260, "load_kg": 5}), p("density", 1.15, "g/cm3", "ISO 1183"),
           p("tensileModulus", 2250, "MPa", "ISO 527-2"), p("charpyNotched", 30, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23})], 0.9,
          "Illustrative values for the demo, not from a data sheet; its lots are traced (junkan demo's EPCIS events)", "illustrative"),
    grade("basf-ultramid-b3s", "BASF", "Ultramid B3S", "PA6", "virgin",
          [p("density", 1.13, "g/cm3", "ISO 1183"), p("tensileModulus", 3000, "MPa", "ISO 527-2", {"conditioning": "dry"}),
           p("tensileModulus", 1100, "MPa", "ISO 527-2", {"conditioning": "conditioned"}),
           p("charpyNotched", 5.5, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23, "conditioning": "dry"}),
           p("HDT", 55, "°C", "ISO 75-2", {"stress_MPa": 1.8})], 6.7,
          "BASF, Ultramid B3S data sheet (CAMPUS; dry and conditioned)", "as recalled"),
    grade("demo-rpa6-nets", "Junkan Demo Recycler", "rPA6 from fishing nets", "PA6", "recycled-post-consumer",
          [p("density", 1.14, "g/cm3", "ISO 1183"), p("tensileModulus", 2800, "MPa", "ISO 527-2", {"conditioning": "dry"}),
           p("charpyNotched", 4.5, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23, "conditioning": "dry"})], 1.5,
          "Illustrative values for the demo, not from a data sheet", "illustrative"),
]


def check_digit(digits13):
    s = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits13)))
    return str((10 - s % 10) % 10)


def lot_id(item, lot):
    g = "0491234510" + f"{item:03d}"
    return f"https://id.gs1.org/01/{g + check_digit(g)}/10/{lot}"


PLACES = {"Tokyo": (35.68, 139.77), "Osaka": (34.69, 135.50), "Nagoya": (35.18, 136.91), "Kitakyushu": (33.88, 130.88),
          "Sendai": (38.27, 140.87), "Yokkaichi": (34.97, 136.62)}


def lot(id, grade, mass, place, props=(), recycled=None, share=None, price=None, custody=None, certs=None, substances=None):
    lat, lon = PLACES[place]
    out = {"id": id, "grade": grade, "massKg": mass, "location": {"lat": lat, "lon": lon, "name": place}}
    if props: out["properties"] = list(props)
    if recycled: out["recycled"] = recycled
    if share is not None: out["recycledShare"] = share
    if price: out["price"] = {"perKg": price[0], "currency": price[1]}
    if custody: out["chainOfCustody"] = custody
    if certs: out["certificates"] = certs
    if substances is not None: out["substancesOfConcern"] = substances
    return out


def rec(form, colour, stream=None, contaminants=None, mesh=None):
    r = {"form": form, "colour": colour}
    if stream: r["sourceStream"] = stream
    if contaminants is not None: r["contaminants"] = contaminants
    if mesh: r["filtrationMicron"] = mesh
    return r


FULL_PP = [p("MFR", 9.5, "g/10min", "ISO 1133", LOOP), p("density", 915, "kg/m3", "ISO 1183"), p("ashContent", 1.6, "%", "ISO 3451-1"),
           p("moistureContent", 0.05, "%", "ISO 15512"), p("tensileModulus", 1150, "MPa", "ISO 527-2"), p("yieldStress", 23, "MPa", "ISO 527-2"),
           p("elongationAtBreak", 85, "%", "ISO 527-2"), p("charpyNotched", 7.2, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23}),
           p("HDT", 50, "°C", "ISO 75-2", {"stress_MPa": 1.8}), p("odour", 3, "grade", "VDA 270")]

LOTS = [
    lot(lot_id(1, "VPP-24-118"), "lyb-moplen-hp500n", 20000, "Yokkaichi", price=(1.35, "EUR")),
    lot(lot_id(2, "VPP-24-205"), "ladhari-vpp-median", 12000, "Osaka", price=(1.30, "EUR")),
    lot(lot_id(3, "RPP-24-031"), "ladhari-rpp-median", 6000, "Nagoya",
        [p("MFR", 12.5, "g/10min", "ISO 1133", LOOP), p("density", 925, "kg/m3", "ISO 1183"), p("ashContent", 2.4, "%", "ISO 3451-1"),
         p("volatileContent", 0.2, "%", "ISO 15512")], rec("granulate", "grey", "household rigid packaging"), price=(1.05, "EUR")),
    lot(lot_id(4, "RPP-24-032"), "rpp-battery-copolymer", 9000, "Kitakyushu", FULL_PP,
        rec("granulate", "black", "car battery cases", ["PE < 5%", "inert filler < 2%", "Pb 349 ppm max"], 150), price=(0.95, "EUR"),
        custody="segregated", certs=[{"scheme": "EuCertPlast", "id": "ECP-DEMO-0042", "validUntil": "2027-03-31"}], substances=[]),
    lot(lot_id(5, "RPP-24-077"), "arezio-pp-pe-50", 15000, "Osaka", [p("MFR", 6.4, "g/10min", "ISO 1133", LOOP)],
        rec("granulate", "dark", "separately collected rigid packaging", ["mineral charges < 2%"], 600), price=(0.70, "EUR")),
    lot(lot_id(6, "VHD-24-010"), "dow-hdpe-dmda-8920", 10000, "Yokkaichi", price=(1.40, "EUR")),
    lot(lot_id(7, "VHD-24-011"), "kenaplasto-hdpe-5502", 8000, "Sendai"),
    lot(lot_id(8, "RHD-24-090"), "demo-rhdpe-bottles", 5000, "Sendai",
        [p("MFR", 0.8, "g/10min", "ISO 1133", PE), p("density", 959, "kg/m3", "ISO 1183"), p("ashContent", 0.6, "%", "ISO 3451-1"),
         p("moistureContent", 0.03, "%", "ISO 15512")], rec("flakes", "natural", "detergent bottles"), price=(1.10, "EUR")),
    lot(lot_id(9, "VABS-24-044"), "styrolution-terluran-gp35", 10000, "Yokkaichi", price=(2.10, "EUR")),
    lot(lot_id(10, "RABS-24-012"), "demo-rabs-weee", 4000, "Tokyo",
        [p("MVR", 27, "cm3/10min", "ISO 1133", {"temperature_C": 220, "load_kg": 10}), p("charpyNotched", 13, "kJ/m2", "ISO 179/1eA", {"temperature_C": 23})],
        rec("granulate", "black", "WEEE small appliances", ["PS < 2%", "brominated FR screened out (XRF)"], 120), share=0.95, price=(1.60, "EUR")),
    lot(lot_id(11, "VPC-24-061"), "covestro-makrolon-2405", 8000, "Nagoya", price=(3.20, "EUR")),
    lot(lot_id(12, "RPC-24-008"), "demo-rpc-water-bottles", 3000, "Osaka",
        [p("MVR", 23, "cm3/10min", "ISO 1133", {"temperature_C": 300, "load_kg": 1.2}), p("density", 1200, "kg/m3", "ISO 1183")],
        rec("regrind", "clear", "water-cooler bottles"), price=(2.40, "EUR")),
    lot(lot_id(13, "VPCABS-24-020"), "covestro-bayblend-t65xf", 12000, "Tokyo", price=(3.00, "EUR")),
    # The demo trace's recyclates: footprint and recycled content come from the trace graph.
    lot("https://id.gs1.org/01/04912345000033/10/RPCABS-2024-07", "demo-rpcabs-notebooks", 4000, "Tokyo",
        [p("MVR", 21, "cm3/10min", "ISO 1133", {"temperature_C": 260, "load_kg": 5}), p("density", 1150, "kg/m3", "ISO 1183"),
         p("ashContent", 0.8, "%", "ISO 3451-1"), p("moistureContent", 0.04, "%", "ISO 15512")],
        rec("granulate", "black", "collected notebook PCs", ["metal < 50 ppm"], 100), price=(2.20, "EUR"), custody="segregated"),
    lot("https://id.gs1.org/01/04912345000033/10/RPCABS-2025-02", "demo-rpcabs-notebooks", 2500, "Tokyo",
        [p("MVR", 24, "cm3/10min", "ISO 1133", {"temperature_C": 260, "load_kg": 5})],
        rec("granulate", "black", "collected servers"), price=(2.20, "EUR")),
    lot(lot_id(14, "VPA6-24-003"), "basf-ultramid-b3s", 6000, "Yokkaichi", price=(3.10, "EUR")),
    lot(lot_id(15, "RPA6-24-001"), "demo-rpa6-nets", 2000, "Kitakyushu",
        [p("density", 1140, "kg/m3", "ISO 1183"), p("moistureContent", 0.12, "%", "ISO 15512"), p("ashContent", 0.9, "%", "ISO 3451-1"),
         p("MVR", 130, "cm3/10min", "ISO 1133", {"temperature_C": 275, "load_kg": 5})],
        rec("granulate", "natural", "fishing nets"), price=(2.60, "EUR")),
]

REQUESTS = [
    {"id": "notebook-housing", "name": "Notebook PC housing, PC+ABS", "polymer": "PC+ABS", "massKg": 5000,
     "constraints": [{"property": "MVR", "min": 15, "max": 25, "unit": "cm3/10min"}, {"property": "density", "max": 1.16, "unit": "g/cm3"},
                     {"property": "tensileModulus", "min": 2200, "unit": "MPa"}, {"property": "charpyNotched", "min": 25, "unit": "kJ/m2"}],
     "minRecycledShare": 0.3, "maxKgCO2ePerKg": 3.0, "deliveryPlace": {"lat": 35.68, "lon": 139.77, "name": "Tokyo plant"}, "maxDistanceKm": 600},
    {"id": "appliance-pp", "name": "Washing-machine parts, PP", "polymer": "PP", "massKg": 15000,
     "constraints": [{"property": "MFR", "min": 8, "max": 14, "unit": "g/10min"}, {"property": "density", "max": 920, "unit": "kg/m3"}],
     "minRecycledShare": 0.5, "maxKgCO2ePerKg": 1.2, "deliveryPlace": {"lat": 34.69, "lon": 135.50, "name": "Osaka plant"}},
]


def main():
    data = {"grades": GRADES, "lots": LOTS, "requests": REQUESTS}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # A resource file of the junkan target, read by `junkan demo` at run time (DemoMaterials.swift).
    folder = os.path.join(root, "Sources/junkan/Resources/Demo")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "materials.json"), "w") as f:
        f.write(text + "\n")


main()
