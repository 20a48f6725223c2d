public import JunkanCore

/// A small PP market for materials tests: a virgin grade, a post-consumer grade and three lots.
public enum MaterialSamples {
    public static func mfr(_ v: Double) -> JSONValue {
        [
            "property": "MFR", "value": .number(JSONNumber(v)), "unit": "g/10min", "standard": "ISO 1133",
            "conditions": ["temperature_C": 230, "load_kg": 2.16]
        ]
    }
    public static func density(_ v: Double) -> JSONValue { ["property": "density", "value": .number(JSONNumber(v)), "unit": "kg/m3", "standard": "ISO 1183"] }
    public static func modulus(_ v: Double) -> JSONValue {
        ["property": "tensileModulus", "value": .number(JSONNumber(v)), "unit": "MPa", "standard": "ISO 527-2"]
    }
    public static func elongation(_ v: Double) -> JSONValue {
        ["property": "elongationAtBreak", "value": .number(JSONNumber(v)), "unit": "%", "standard": "ISO 527-2"]
    }

    public static let virginGrade: JSONValue = [
        "id": "pp-virgin", "producer": "Resin Co", "name": "PP homopolymer 12", "polymer": "PP", "kind": "virgin",
        "properties": [mfr(12), density(905), modulus(1500), elongation(50)], "emissionFactor": 1.7
    ]
    public static let recycledGrade: JSONValue = [
        "id": "pp-pcr", "producer": "Loop Recycling", "name": "rPP 30", "polymer": "PP", "kind": "recycled-post-consumer",
        "properties": [mfr(30), density(930), modulus(1100), elongation(20)], "emissionFactor": 0.6
    ]
    public static func lotID(_ lot: String) -> String { "https://id.gs1.org/01/09506000134352/10/\(lot)" }

    public static let lots: [JSONValue] = [
        ["id": .string(lotID("V1")), "grade": "pp-virgin", "massKg": 5000, "location": ["lat": 35.6, "lon": 139.7, "name": "Tokyo"]],
        [
            "id": .string(lotID("R1")), "grade": "pp-pcr", "massKg": 1500, "location": ["lat": 34.7, "lon": 135.5, "name": "Osaka"],
            "recycled": ["form": "granulate", "colour": "grey"], "properties": [mfr(28)]
        ],
        [
            "id": .string(lotID("R2")), "grade": "pp-pcr", "massKg": 3000, "location": ["lat": 35.2, "lon": 136.9, "name": "Nagoya"],
            "recycled": ["form": "granulate", "colour": "black", "sourceStream": "household appliances"], "properties": [mfr(15), modulus(1250)]
        ]
    ]

    public static let request: JSONValue = [
        "id": "rq1", "polymer": "PP", "massKg": 2000,
        "constraints": [
            ["property": "MFR", "min": 8, "max": 20, "unit": "g/10min"], ["property": "density", "max": 920, "unit": "kg/m3"],
            ["property": "tensileModulus", "min": 1200, "unit": "MPa"]
        ],
        "minRecycledShare": 0.3, "maxKgCO2ePerKg": 2.0
    ]

    /// The sample market as profiles, for core tests.
    public static func profiles() throws -> ([LotProfile], PropertyKeys) {
        let grades = try [Grade.decode(virginGrade), Grade.decode(recycledGrade)]
        var keys = PropertyKeys()
        let profiles = try lots.map { json -> LotProfile in
            let grade = grades.first { $0.id == json.objectValue?["grade"]?.stringValue }!
            return LotProfile(lot: try MaterialLot.decode(json, kind: grade.kind), grade: grade, keys: &keys)
        }
        return (profiles, keys)
    }
}
