import JunkanCore
import Testing

@Suite struct PropertyValueTests {
    func decode(_ text: String) throws -> PropertyValue { try PropertyValue.decode(try JSONParser.parse(text)) }

    func reason(_ text: String) -> MaterialError? {
        do { _ = try decode(text); return nil } catch { return error as? MaterialError }
    }

    @Test func keepsTheValueAsGivenAndComparesInCanonicalUnits() throws {
        let rho = try decode(#"{"property":"density","value":0.905,"unit":"g/cm³","standard":"ISO 1183-1:2019"}"#)
        #expect(rho.value == 0.905 && rho.unit == .gramsPerCubicCentimetre)
        #expect(abs(rho.canonicalValue - 905) < 1e-9)
        #expect(rho.standard == "ISO 1183-1")
        let e = try decode(#"{"property":"tensileModulus","value":1.5,"unit":"GPa","standard":"ISO 527-2"}"#)
        #expect(e.canonicalValue == 1500)
        let hdt = try decode(#"{"property":"HDT","value":373.15,"unit":"K","standard":"ISO 75-2","conditions":{"stress_MPa":1.8}}"#)
        #expect(abs(hdt.canonicalValue - 100) < 1e-9)
        let mfr = try decode(#"{"property":"MFR","value":12,"unit":"g/10 min","standard":"ISO 1133","conditions":{"temperature_C":230,"load_kg":2.16}}"#)
        #expect(mfr.conditions.canonical == "load_kg=2.16;temperature_C=230")
        #expect(mfr.conditions.label == "230 °C, 2.16 kg")
        let ul = try decode(#"{"property":"UL94","value":"V-0","unit":"class","standard":"UL 94","conditions":{"thickness_mm":1.5}}"#)
        #expect(ul.display == "V-0")
    }

    @Test func rejectsAWrongUnitForTheDimension() {
        let e = reason(#"{"property":"MFR","value":12,"unit":"cm3/10min","standard":"ISO 1133","conditions":{"temperature_C":230,"load_kg":2.16}}"#)
        #expect(e?.pointer == "/unit")
        #expect(e?.reason.contains("g/10min") == true)
    }

    @Test func rejectsMissingRequiredConditions() {
        let mfr = reason(#"{"property":"MFR","value":12,"unit":"g/10min","standard":"ISO 1133","conditions":{"temperature_C":230}}"#)
        #expect(mfr?.pointer == "/conditions")
        #expect(mfr?.reason.contains("load_kg") == true)
        #expect(reason(#"{"property":"charpyNotched","value":4,"unit":"kJ/m2","standard":"ISO 179/1eA"}"#)?.reason.contains("temperature_C") == true)
        #expect(reason(#"{"property":"HDT","value":100,"unit":"°C","standard":"ISO 75-2"}"#)?.reason.contains("stress_MPa") == true)
        #expect(reason(#"{"property":"UL94","value":"V-0","unit":"class","standard":"UL 94"}"#)?.reason.contains("thickness_mm") == true)
    }

    @Test func catchesMislabelledUnits() {
        let e = reason(#"{"property":"density","value":0.905,"unit":"kg/m3","standard":"ISO 1183"}"#)
        #expect(e?.pointer == "/value")
        #expect(e?.reason.contains("is it in g/cm3?") == true)
        #expect(reason(#"{"property":"tensileModulus","value":1.5,"unit":"MPa","standard":"ISO 527-2"}"#)?.reason.contains("GPa") == true)
    }

    @Test func rejectsWrongStandardsUnknownPropertiesAndConditions() {
        #expect(
            reason(#"{"property":"charpyNotched","value":4,"unit":"kJ/m2","standard":"ISO 180/1A","conditions":{"temperature_C":23}}"#)?.pointer == "/standard")
        #expect(reason(#"{"property":"mfr","value":4,"unit":"g/10min","standard":"ISO 1133"}"#)?.pointer == "/property")
        #expect(
            reason(#"{"property":"MFR","value":4,"unit":"g/10min","standard":"ISO 1133","conditions":{"temperature_C":230,"load_kg":2.16,"humidity":50}}"#)?
                .pointer == "/conditions/humidity")
        #expect(
            reason(#"{"property":"MFR","value":4,"unit":"g/10min","standard":"ISO 1133","conditions":{"temperature_C":230,"load_kg":216}}"#)?.pointer
                == "/conditions/load_kg")
        #expect(reason(#"{"property":"UL94","value":"V-3","unit":"class","standard":"UL 94","conditions":{"thickness_mm":1.5}}"#)?.pointer == "/value")
    }
}
