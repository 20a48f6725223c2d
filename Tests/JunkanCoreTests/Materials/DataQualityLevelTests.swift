import JunkanCore
import Testing

@Suite struct DataQualityLevelTests {
    static func value(_ p: String, _ v: Double, _ unit: MaterialUnit, _ std: String, _ c: [String: TestConditions.Value] = [:]) -> PropertyValue {
        PropertyValue(property: p, value: v, unit: unit, standard: std, conditions: TestConditions(c))
    }
    static let grade = Grade(
        id: "g", producer: "R", name: "rPP", polymer: try! PolymerCode.parse("PP"), kind: .recycledPostConsumer,
        properties: [value("MFR", 20, .gramsPer10min, "ISO 1133", ["temperature_C": .number(230), "load_kg": .number(2.16)])])

    func lot(
        _ properties: [PropertyValue], recycled: RecycledLotData, custody: ChainOfCustody? = nil, certificates: [MaterialCertificate] = [],
        substances: [Substance]? = nil
    ) -> MaterialLot {
        MaterialLot(
            id: "https://id.gs1.org/01/09506000134352/10/A", grade: "g", massKg: 1000, location: GeoPoint(lat: 35, lon: 139),
            chainOfCustody: custody, certificates: certificates, properties: properties, recycled: recycled, substancesOfConcern: substances)
    }

    @Test func climbsWithWhatWasMeasuredOnTheLot() {
        let bare = RecycledLotData(origin: .pcr)
        #expect(DataQualityLevel.of(lot([], recycled: bare), grade: Self.grade, traced: false)?.level == 0)
        var described = bare
        described.form = .granulate
        described.colour = "black"
        let l1 = DataQualityLevel.of(lot([], recycled: described), grade: Self.grade, traced: false)
        #expect(l1?.level == 1)
        // The grade's data-sheet MFR does not count: DQL 2 needs it measured on the lot.
        #expect(l1?.missingForNext.contains("MFR or MVR measured") == true)
        let basics = [
            Self.value("MFR", 18, .gramsPer10min, "ISO 1133", ["temperature_C": .number(230), "load_kg": .number(2.16)]),
            Self.value("density", 930, .kilogramsPerCubicMetre, "ISO 1183"), Self.value("ashContent", 2, .percent, "ISO 3451-1"),
            Self.value("moistureContent", 0.1, .percent, "ISO 15512")
        ]
        #expect(DataQualityLevel.of(lot(basics, recycled: described), grade: Self.grade, traced: false)?.level == 2)
        var full = described
        full.sourceStream = "household packaging"
        full.contaminants = ["PE < 3%"]
        full.filtrationMicron = 120
        let mechanics =
            basics + [
                Self.value("tensileModulus", 1300, .megapascal, "ISO 527-2"), Self.value("yieldStress", 25, .megapascal, "ISO 527-2"),
                Self.value("elongationAtBreak", 30, .percent, "ISO 527-2"),
                Self.value("charpyNotched", 5, .kilojoulesPerSquareMetre, "ISO 179/1eA", ["temperature_C": .number(23)])
            ]
        #expect(DataQualityLevel.of(lot(mechanics, recycled: full), grade: Self.grade, traced: false)?.level == 3)
        let all = mechanics + [Self.value("HDT", 55, .degreesCelsius, "ISO 75-2", ["stress_MPa": .number(1.8)]), Self.value("odour", 3, .grade, "VDA 270")]
        let l3 = DataQualityLevel.of(lot(all, recycled: full), grade: Self.grade, traced: false)
        #expect(l3?.level == 3)
        #expect(l3?.missingForNext == ["substancesOfConcern declared", "traced, or a chain-of-custody model with a certificate"])
        #expect(DataQualityLevel.of(lot(all, recycled: full, substances: []), grade: Self.grade, traced: true)?.level == 4)
        #expect(
            DataQualityLevel.of(
                lot(
                    all, recycled: full, custody: .massBalance, certificates: [MaterialCertificate(scheme: "ISCC PLUS", id: "1")],
                    substances: []), grade: Self.grade, traced: false)?.level == 4)
    }

    @Test func virginLotsHaveNoLevel() {
        var g = Self.grade
        g.kind = .virgin
        #expect(DataQualityLevel.of(lot([], recycled: RecycledLotData(origin: .pcr)), grade: g, traced: false) == nil)
    }
}
