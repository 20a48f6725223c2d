import Foundation
import JunkanCore
import JunkanTestSupport
import Testing

@Suite struct MatchingTests {
    func request(_ json: JSONValue) throws -> MaterialRequest { try MaterialRequest.decode(json, defaultID: "test") }

    @Test func aLotsMeasurementsOverrideItsGrade() throws {
        let (profiles, keys) = try MaterialSamples.profiles()
        let key = try #require(keys.lookup("MFR", TestConditions(["temperature_C": .number(230), "load_kg": .number(2.16)])))
        #expect(profiles[1].value(key)?.value == 28)
        #expect(profiles[1].value(key)?.measured == true)
        #expect(profiles[0].value(key)?.measured == false)
        #expect(profiles[1].recycledShare == 1 && profiles[0].recycledShare == 0)
    }

    /// Issue 25, item 4: a profile keeps what search and matching read, not its lot. Rebuilt from itself over its grade's
    /// new version, with or without the trace's results, it equals a profile built from the whole lot.
    @Test func aProfileRebuiltFromItselfEqualsOneBuiltFromTheLot() throws {
        var keys = PropertyKeys()
        for json in MaterialSamples.lots {
            let gradeJSON = [MaterialSamples.virginGrade, MaterialSamples.recycledGrade].first {
                $0.objectValue?["id"] == json.objectValue?["grade"]
            }!
            let grade = try Grade.decode(gradeJSON)
            let lot = try MaterialLot.decode(json, kind: grade.kind)
            var changed = grade
            changed.name += " (2027)"
            changed.emissionFactor = 0.9
            changed.properties = grade.properties.map { v in
                var v = v
                v.value *= 1.1
                return v
            }
            var declaring = try #require(gradeJSON.objectValue)
            declaring["substancesOfConcern"] = [["name": "Antimony trioxide", "cas": "1309-64-4"]]
            changed.substancesOfConcern = try Grade.decode(.object(declaring)).substancesOfConcern
            let traced = Footprint(
                id: lot.id, kgCO2ePerKg: 0.7, massKg: lot.massKg, recycledContent: .init(preConsumer: 0.2, postConsumer: 0.5),
                primaryDataShare: 1, issues: [])
            for t in [nil, traced] {
                let rebuilt = LotProfile(rebuilding: LotProfile(lot: lot, grade: grade, keys: &keys), grade: changed, keys: &keys, traced: t)
                let fresh = LotProfile(lot: lot, grade: changed, keys: &keys, traced: t)
                #expect(rebuilt.entries == fresh.entries, "\(lot.id)")
                #expect(rebuilt.gradeName == fresh.gradeName && rebuilt.gradeName.hasSuffix("(2027)"))
                #expect(rebuilt.recycledShare == fresh.recycledShare && rebuilt.recycledShareSource == fresh.recycledShareSource)
                #expect(rebuilt.footprint == fresh.footprint && rebuilt.footprintSource == fresh.footprintSource)
                #expect(rebuilt.qualityLevel == fresh.qualityLevel && rebuilt.quality == fresh.quality, "\(lot.id)")
                #expect(rebuilt.quality?.level == rebuilt.qualityLevel)
            }
        }
        // What a node keeps per lot on offer (docs/materials.md): a layout change that grows it shows here.
        #expect(MemoryLayout<LotProfile>.stride <= 160)
    }

    @Test func requestsTakeThePolymersStandardConditionsWhenTheyNameNone() throws {
        let r = try request(MaterialSamples.request)
        #expect(r.constraints[0].conditions.canonical == "load_kg=2.16;temperature_C=230")
        let pc = try request(["polymer": "PC+ABS", "massKg": 1, "constraints": [["property": "MVR", "min": 10, "unit": "cm3/10min"]]])
        #expect(pc.constraints[0].conditions.label == "260 °C, 5 kg")
        #expect(throws: MaterialError.self) { try request(["polymer": "PEEK", "massKg": 1, "constraints": [["property": "MFR", "min": 1]]]) }
    }

    @Test func ranksPassingLotsAndExplainsNearMisses() throws {
        let (profiles, keys) = try MaterialSamples.profiles()
        // Only R2 meets MFR 8–20, modulus ≥ 1200 and 30% recycled: R1 fails MFR and modulus, V1 only the recycled share.
        var json = try #require(MaterialSamples.request.objectValue)
        json["massKg"] = 1000
        json["constraints"] = .array(json["constraints"]!.arrayValue!.filter { $0.objectValue?["property"] != "density" })
        let report = LotMatcher.match(try request(.object(json)), profiles: profiles, keys: keys)
        #expect(report.candidates == 3)
        #expect(report.matches.map(\.profile.id) == [MaterialSamples.lotID("R2")])
        let m = try #require(report.matches.first)
        // MFR 15 in 8–20: 1 − |15 − 14| / 6; modulus 1250 is 50 MPa above 1200, under the 10% (120 MPa) of full headroom.
        #expect(m.components.count == 2)
        #expect(abs(m.closeness - ((1 - 1.0 / 6) + 50.0 / 120) / 2) < 1e-12)
        #expect(m.explanation.hasPrefix("rank 1 of 1: closeness"))
        let misses = Dictionary(uniqueKeysWithValues: report.nearMisses.map { ($0.profile.id, $0) })
        #expect(misses[MaterialSamples.lotID("R1")] == nil)  // fails MFR and modulus: two constraints, not a near miss
        #expect(misses[MaterialSamples.lotID("V1")]?.fails == "minRecycledShare 30%")
    }

    @Test func scoresByTheDocumentedFormula() throws {
        let (profiles, keys) = try MaterialSamples.profiles()
        let r = try request([
            "polymer": "PP", "massKg": 100, "constraints": [["property": "MFR", "min": 10, "max": 30, "unit": "g/10min"]],
            "deliveryPlace": ["lat": 35.6, "lon": 139.7], "maxDistanceKm": 500
        ])
        let report = LotMatcher.match(r, profiles: profiles, keys: keys)
        let v1 = try #require(report.matches.first { $0.profile.id == MaterialSamples.lotID("V1") })
        // V1: MFR 12 in 10–30 → 1 − |12 − 20| / 10 = 0.2; virgin data sheet Q = 1; footprint 1.7 against the largest
        // passing (1.7) → 0; distance 0 km → 1.
        #expect(abs(v1.closeness - 0.2) < 1e-12)
        #expect(abs(v1.score - 100 * (0.4 * 0.2 + 0.2 * 1 + 0.2 * 0 + 0.2 * 1)) < 1e-9)
        let r2 = try #require(report.matches.first { $0.profile.id == MaterialSamples.lotID("R2") })
        // R2: MFR 15 → 0.5; DQL 1 of 4 → 0.25; footprint 0.6/1.7; Nagoya is 260 km from Tokyo.
        #expect(r2.quality == 0.25)
        #expect(abs(r2.footprintScore - (1 - 0.6 / 1.7)) < 1e-12)
        #expect(abs((r2.distanceKm ?? 0) - 260) < 15)
    }

    @Test func blendsForTheLargestRecycledShare() throws {
        let (profiles, keys) = try MaterialSamples.profiles()
        let b = BlendOptimizer.blend(try request(MaterialSamples.request), profiles: profiles, keys: keys)
        #expect(b.feasible)
        let total = b.components.reduce(0) { $0 + $1.massKg }
        #expect(abs(total - 2000) < 1e-6)
        let share = b.components.reduce(0) { $0 + $1.massKg * $1.recycledShare } / 2000
        #expect(abs(share - b.recycledShare) < 1e-9)
        let predicted = Dictionary(uniqueKeysWithValues: b.predicted.map { ($0.property, $0.value) })
        #expect(try #require(predicted["MFR"]) <= 20 + 1e-9)
        #expect(try #require(predicted["density"]) <= 920 + 1e-9)
        #expect(try #require(predicted["tensileModulus"]) >= 1200 - 1e-9)
        // Density is what limits the recycled share here: 1/ρ = Σ w/ρ with recycled lots at 930 kg/m³.
        #expect(b.binding.contains { $0.hasPrefix("density ≤ 920") })
        #expect(b.recycledShare > 0.3)
    }

    @Test func namesTheConstraintsThatCannotHoldTogether() throws {
        let (profiles, keys) = try MaterialSamples.profiles()
        var json = try #require(MaterialSamples.request.objectValue)
        json["minRecycledShare"] = 0.9
        let b = BlendOptimizer.blend(try request(.object(json)), profiles: profiles, keys: keys)
        #expect(!b.feasible)
        // 90% recycled means density ≥ 927 kg/m³: the density cap and the recycled share conflict; MFR and modulus can be met.
        #expect(b.binding.contains { $0.hasPrefix("density ≤ 920") })
        #expect(b.binding.contains("minRecycledShare 90%"))
        #expect(!b.binding.contains { $0.hasPrefix("MFR") })
    }

    @Test func boundsPropertiesWithoutARuleByTheWorstComponent() throws {
        let (profiles, keys) = try MaterialSamples.profiles()
        let r = try request(["polymer": "PP", "massKg": 2000, "constraints": [["property": "elongationAtBreak", "min": 30, "unit": "%"]]])
        let b = BlendOptimizer.blend(r, profiles: profiles, keys: keys)
        // The recycled lots' 20% elongation excludes them; the virgin lot alone needs no test.
        #expect(b.feasible)
        #expect(b.components.map(\.lot) == [MaterialSamples.lotID("V1")])
        #expect(b.excluded.count == 2)
        let loose = try request(["polymer": "PP", "massKg": 6000, "constraints": [["property": "elongationAtBreak", "min": 10, "unit": "%"]]])
        let mixed = BlendOptimizer.blend(loose, profiles: profiles, keys: keys)
        let p = try #require(mixed.predicted.first)
        #expect(p.value == 20 && p.needsTest && p.rule == .worstComponent)
    }
}
