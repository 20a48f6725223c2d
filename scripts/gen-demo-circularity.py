#!/usr/bin/env python3
"""Writes Sources/junkan/Resources/Demo/circularity/*.csv: five fiscal years (FY2019-FY2023) of circularity records for
`junkan demo`, shaped after the figures PRODUCT.md quotes for fiscal 2023 (38,516 t of waste, 28,061 t recycled,
72.9%; 1,074 t of products collected, ~98% recycled, ~90% resource reuse; 603 t of plastic waste, -46.2% per sales
against FY2019). Deterministic: run it again and the file does not change."""
import random, pathlib

random.seed(2023)
YEARS = range(2019, 2024)
SITES = [("Kawasaki", "domestic"), ("Numazu", "domestic"), ("Aizu", "domestic"), ("Oyama", "domestic"),
         ("Penang", "overseas"), ("Augsburg", "overseas")]
# (total t, recycled t) per year; FY2023 is the data book's.
TOTALS = {2019: (41230.0, 28120.0), 2020: (39870.0, 27650.0), 2021: (40110.0, 28330.0), 2022: (39240.0, 28190.0),
          2023: (38516.0, 28061.0)}
SUBCATS = {"general": ["office_paper", "other"],
           "industrial": ["waste_plastics", "metal_scrap", "sludge", "construction_mixed"],
           "specially_controlled_industrial": ["waste_acid", "waste_alkali"]}
CAT_SHARE = {"general": 0.08, "industrial": 0.86, "specially_controlled_industrial": 0.06}
NONREC = ["incineration", "landfill", "other_disposal"]


def waste_rows(year):
    total, recycled = TOTALS[year]
    weights = []
    for site, region in SITES:
        site_w = random.uniform(0.6, 1.4) * (0.55 if region == "overseas" else 1.0)
        for cat, share in CAT_SHARE.items():
            for sub in SUBCATS[cat]:
                weights.append((site, region, cat, sub, site_w * share / len(SUBCATS[cat]) * random.uniform(0.5, 1.5)))
    scale = total / sum(w for *_, w in weights)
    rows = []
    rec_share = recycled / total
    landfill_share = 0.004
    for site, region, cat, sub, w in weights:
        m = w * scale
        mat = m * rec_share * random.uniform(0.55, 0.7)
        reuse = m * rec_share * 0.03
        thermal = m * rec_share - mat - reuse
        landfill = m * landfill_share
        rest = m - mat - reuse - thermal - landfill
        for t, v in [("reuse", reuse), ("material_recycling", mat), ("thermal_recycling", thermal), ("landfill", landfill),
                     ("incineration", rest * 0.8), ("other_disposal", rest * 0.2)]:
            rows.append([year, site, region, cat, sub, t, round(v, 1)])
    # Make the rounded sums exact: put the difference on the largest rows of the right kind.
    def fix(kinds, target):
        got = sum(r[6] for r in rows if r[5] in kinds)
        biggest = max((r for r in rows if r[5] in kinds), key=lambda r: r[6])
        biggest[6] = round(biggest[6] + target - got, 1)
    fix({"reuse", "material_recycling", "thermal_recycling"}, recycled)
    fix(set(NONREC), total - recycled)
    return rows


def cas_ok(cas):
    a, b, c = cas.split("-")
    digits = [int(d) for d in a + b]
    return sum((i + 1) * d for i, d in enumerate(reversed(digits))) % 10 == int(c)


waste = [r for y in YEARS for r in waste_rows(y)]

TYPES = {"pc": 431.0, "mainframe": 29.0, "server": 85.0, "printer": 156.0, "other": 373.0}
collection = []
for y in YEARS:
    growth = 0.72 + 0.07 * (y - 2019)  # collection grows toward FY2023
    for t, m23 in TYPES.items():
        c = round(m23 * (growth if y < 2023 else 1.0), 1)
        reused = round(c * (0.05 if t == "pc" else 0.01), 1)
        parts = round(c * 0.06, 1)
        mat = round(c * 0.84, 1)
        thermal = round(c * (0.04 if t == "pc" else 0.08), 1)
        disposed = round(c - reused - parts - mat - thermal, 1)
        collection.append([y, t, c, reused, parts, mat, thermal, disposed])

sales = {2019: 3857700.0, 2020: 3589700.0, 2021: 3586800.0, 2022: 3713700.0, 2023: 3756000.0}
plastic = {2019: 0, 2020: 1010.0, 2021: 905.0, 2022: 760.0, 2023: 603.0}
# FY2019 plastic waste such that FY2023 per sales is 46.2% lower.
plastic[2019] = round(603.0 / sales[2023] / (1 - 0.462) * sales[2019], 1)

targets = [["waste_total", "group", 2019, 2025, -5.0, "absolute"],
           ["plastic_waste", "group", 2019, 2025, -2.8, "per_sales"],
           ["waste_recycling_rate", "group", 2019, 2025, 1.0, "absolute"]]

SUBSTANCES = [("toluene", "108-88-3"), ("xylene", "1330-20-7"), ("dichloromethane", "75-09-2"),
              ("hydrogen fluoride and its water-soluble salts", "7664-39-3"), ("ethylbenzene", "100-41-4")]
assert all(cas_ok(c) for _, c in SUBSTANCES)
prtr = []
for y in YEARS:
    for site, region in SITES:
        if region != "domestic":
            continue  # PRTR is a Japanese register
        for name, cas in SUBSTANCES:
            if random.random() < 0.4:
                continue
            h = round(random.uniform(200, 5000), 1)
            parts = [random.uniform(0.1, 0.6), random.uniform(0, 0.2), random.uniform(0, 0.1), random.uniform(0, 0.01),
                     random.uniform(0.05, 0.3), random.uniform(0, 0.2)]
            s = sum(parts)
            vals = [round(h * p / s, 1) for p in parts]
            vals[0] = round(h - sum(vals[1:]), 1)
            prtr.append([y, site, name, cas, h] + vals)


def csv(header, rows):
    def field(v):
        v = str(v)
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in ',"\n') else v
    return "\n".join([header] + [",".join(field(v) for v in r) for r in rows]) + "\n"


files = {
    "waste": csv("fiscal_year,site,region,category,subcategory,treatment,mass_t", waste),
    "collection": csv("fiscal_year,product_type,collected_t,reused_t,parts_reused_t,material_recycled_t,thermal_recycled_t,disposed_t", collection),
    "plasticWaste": csv("fiscal_year,scope,mass_t", [[y, "group", plastic[y]] for y in YEARS]),
    "sales": csv("fiscal_year,scope,net_sales_million_jpy", [[y, "group", sales[y]] for y in YEARS]),
    "targets": csv("indicator,scope,base_year,target_year,target_change_pct,basis", targets),
    "prtr": csv("fiscal_year,site,substance,cas,handled_kg,consumed_kg,recycled_kg,emitted_air_kg,emitted_water_kg,transferred_waste_kg,treated_kg", prtr),
}
# Resource files of the junkan target, read by `junkan demo` at run time (DemoCircularity.swift).
folder = pathlib.Path(__file__).resolve().parent.parent / "Sources/junkan/Resources/Demo/circularity"
folder.mkdir(parents=True, exist_ok=True)
for key, name in [("waste", "waste.csv"), ("collection", "collection.csv"), ("plasticWaste", "plastic_waste.csv"),
                  ("sales", "sales.csv"), ("targets", "targets.csv"), ("prtr", "prtr.csv")]:
    (folder / name).write_text(files[key].rstrip("\n") + "\n")
path = folder
print(path, len(waste), "waste rows")
