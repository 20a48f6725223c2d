"""Writes Sources/JunkanCore/Geography/CountryCodes.swift from the ISO 3166-1 table in PyPI `pycountry`
(pip install pycountry; run from the package root). Only the table's alpha-2 codes are used."""
import pycountry

codes = sorted(c.alpha_2 for c in pycountry.countries)
rows = [codes[i:i + 20] for i in range(0, len(codes), 20)]
with open("Sources/JunkanCore/Geography/CountryCodes.swift", "w") as f:
    f.write("// swift-format-ignore-file\n// Generated (see its script): the generator, not the formatter, owns its layout.\n")
    f.write(f"/// The officially assigned ISO 3166-1 alpha-2 codes ({len(codes)}), for `junkan:countryOfOrigin`.\n")
    f.write("/// Generated from the ISO 3166-1 table as published in PyPI `pycountry` "
            f"{pycountry.__version__ if hasattr(pycountry, '__version__') else ''} (its data, not its code)\n")
    f.write("/// by scripts/generate-country-codes.py.\n")
    f.write("public enum CountryCodes {\n    public static let alpha2: Set<String> = [\n")
    for r in rows:
        f.write("        " + ", ".join(f'"{c}"' for c in r) + ",\n")
    f.write("    ]\n}\n")
