/// The properties Junkan types, after the CAMPUS single-point data set (ISO 10350-1) and the characteristics
/// EN 15342–15348 ask of recyclates (ash, moisture, volatiles, odour).
extension PropertyDefinition {
    static let order = [
        "MFR", "MVR", "density", "tensileModulus", "flexuralModulus", "yieldStress", "tensileStrength",
        "elongationAtBreak", "charpyNotched", "charpyUnnotched", "izodNotched", "HDT", "vicat", "UL94",
        "ashContent", "moistureContent", "volatileContent", "odour"
    ]

    static let all: [PropertyDefinition] = [
        .init(
            code: "MFR", name: "melt mass-flow rate", dimension: .massFlowRate, standards: ["ISO 1133", "ISO 1133-1", "ASTM D1238"],
            required: [.temperature, .load], plausible: 0.01...3000, rule: .logLinear, higherIsBetter: true),
        .init(
            code: "MVR", name: "melt volume-flow rate", dimension: .volumeFlowRate, standards: ["ISO 1133", "ISO 1133-1", "ISO 1133-2"],
            required: [.temperature, .load], plausible: 0.01...3000, rule: .logLinear, higherIsBetter: true),
        .init(
            code: "density", name: "density", dimension: .density,
            standards: ["ISO 1183", "ISO 1183-1", "ISO 1183-2", "ISO 1183-3", "ASTM D792", "ASTM D1505"],
            required: [], plausible: 700...2600, rule: .reciprocalLinear, higherIsBetter: true),
        .init(
            code: "tensileModulus", name: "tensile modulus", dimension: .stress, standards: ["ISO 527", "ISO 527-1", "ISO 527-2"],
            required: [], plausible: 5...60000, rule: .linear, higherIsBetter: true),
        .init(
            code: "flexuralModulus", name: "flexural modulus", dimension: .stress, standards: ["ISO 178"],
            required: [], plausible: 5...60000, rule: .linear, higherIsBetter: true),
        .init(
            code: "yieldStress", name: "tensile stress at yield", dimension: .stress, standards: ["ISO 527", "ISO 527-1", "ISO 527-2"],
            required: [], plausible: 1...500, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "tensileStrength", name: "tensile strength", dimension: .stress, standards: ["ISO 527", "ISO 527-1", "ISO 527-2"],
            required: [], plausible: 1...3000, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "elongationAtBreak", name: "nominal strain at break", dimension: .ratio, standards: ["ISO 527", "ISO 527-1", "ISO 527-2"],
            required: [], plausible: 0...2000, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "charpyNotched", name: "Charpy notched impact strength", dimension: .impactEnergy,
            standards: ["ISO 179/1eA", "ISO 179-1/1eA"], required: [.temperature], plausible: 0...500, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "charpyUnnotched", name: "Charpy unnotched impact strength", dimension: .impactEnergy,
            standards: ["ISO 179/1eU", "ISO 179-1/1eU"], required: [.temperature], plausible: 0...1000, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "izodNotched", name: "Izod notched impact strength", dimension: .impactEnergy, standards: ["ISO 180/1A", "ISO 180/A"],
            required: [.temperature], plausible: 0...500, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "HDT", name: "temperature of deflection under load", dimension: .temperature,
            standards: ["ISO 75", "ISO 75-1", "ISO 75-2"], required: [.stress], plausible: -50...450, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "vicat", name: "Vicat softening temperature", dimension: .temperature, standards: ["ISO 306"], required: [.method],
            plausible: -50...450, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "UL94", name: "UL 94 flammability class", dimension: .classification, standards: ["UL 94", "IEC 60695-11-10", "IEC 60695-11-20"],
            required: [.thickness], plausible: nil, rule: .worstComponent, higherIsBetter: true),
        .init(
            code: "ashContent", name: "ash content", dimension: .ratio, standards: ["ISO 3451", "ISO 3451-1"],
            required: [], plausible: 0...90, rule: .linear, higherIsBetter: false),
        .init(
            code: "moistureContent", name: "moisture content", dimension: .ratio, standards: ["ISO 15512", "ISO 62"],
            required: [], plausible: 0...20, rule: .linear, higherIsBetter: false),
        .init(
            code: "volatileContent", name: "volatile content", dimension: .ratio, standards: nil,
            required: [], plausible: 0...20, rule: .linear, higherIsBetter: false),
        .init(
            code: "odour", name: "odour grade (1 none – 6 unbearable)", dimension: .grade, standards: ["VDA 270"],
            required: [], plausible: 1...6, rule: .worstComponent, higherIsBetter: false)
    ]
    static let catalogue: [String: PropertyDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// UL 94 classes from worst to best (vertical burning V-2 < V-1 < V-0; 5V ratings above them): the rank is what
    /// constraints and blends compare.
    public static let ul94Classes = ["HB", "V-2", "V-1", "V-0", "5VB", "5VA"]

    /// The conditions a request means when it names none: the ones the material standards prescribe for data sheets
    /// (ISO 19069-2 PP 230 °C/2.16 kg, ISO 17855-2 PE 190 °C/2.16 kg, ISO 19062-2 ABS 220 °C/10 kg,
    /// ISO 7391-2 PC 300 °C/1.2 kg, PC+ABS 260 °C/5 kg, ISO 24022-2 PS 200 °C/5 kg, ISO 8257-2 PMMA 230 °C/3.8 kg,
    /// ISO 29988-2 POM 190 °C/2.16 kg, ISO 16396-2 PA 275 °C/5 kg (MVR); Charpy and Izod at 23 °C, HDT at 1.80 MPa
    /// (method A), Vicat B50). Nil when no standard condition exists: the request must then state them.
    public func defaultConditions(for polymer: PolymerCode) -> TestConditions? {
        switch code {
        case "MFR", "MVR":
            let head = polymer.polymers.first.map { String($0.split(separator: "-").first ?? "") } ?? ""
            let table: [String: (Double, Double)] = [
                "PP": (230, 2.16), "PE": (190, 2.16), "ABS": (220, 10), "ASA": (220, 10), "SAN": (220, 10), "PC": (300, 1.2),
                "PS": (200, 5), "PMMA": (230, 3.8), "POM": (190, 2.16), "PA6": (275, 5), "PA66": (275, 5), "PBT": (250, 2.16),
                "PLA": (210, 2.16)
            ]
            let key = polymer.polymers.count > 1 && polymer.polymers.contains("PC") && polymer.polymers.contains("ABS") ? "PC+ABS" : head
            let pair = key == "PC+ABS" ? (260.0, 5.0) : table[key]
            guard let pair else { return nil }
            return TestConditions(["temperature_C": .number(pair.0), "load_kg": .number(pair.1)])
        case "charpyNotched", "charpyUnnotched", "izodNotched": return TestConditions(["temperature_C": .number(23)])
        case "HDT": return TestConditions(["stress_MPa": .number(1.8)])
        case "vicat": return TestConditions(["method": .text("B50")])
        default: return required.isEmpty ? TestConditions() : nil
        }
    }
}
