import JunkanCore
import JunkanTestSupport
import Testing

/// A buyer's limit on a legacy substance (issue 31, item 5): linear in blends (concentrations mix by mass), checked per
/// lot in matches, and a lot with no measurement of it takes no part, with that reason.
@Suite struct SubstanceLimitTests {
    /// The virgin grade declares no decaBDE (0 %); R1 is measured at 0.1 % (1,000 mg/kg) by XRF; R2 at 0.01 %, below
    /// its method's 0.02 % limit of detection (it counts as 0.02 %, the most it can hold); R3 has no measurement.
    static func profiles() throws -> ([LotProfile], PropertyKeys) {
        var virgin = try #require(MaterialSamples.virginGrade.objectValue)
        virgin["substancesOfConcern"] = [["name": "decaBDE", "cas": "1163-19-5", "concentrationPercent": 0]]
        let grades = try [Grade.decode(.object(virgin)), Grade.decode(MaterialSamples.recycledGrade)]
        let place: JSONValue = ["lat": 35.6, "lon": 139.7]
        func lot(_ name: String, _ grade: String, _ kg: Double, _ substances: JSONValue?) -> JSONValue {
            var o = JSONObject([
                ("id", .string(MaterialSamples.lotID(name))), ("grade", .string(grade)), ("massKg", .number(JSONNumber(kg))), ("location", place)
            ])
            if let substances { o["substancesOfConcern"] = substances }
            return .object(o)
        }
        let lots = [
            lot("V1", "pp-virgin", 5000, nil),
            lot("R1", "pp-pcr", 1500, [["name": "decaBDE", "cas": "1163-19-5", "concentrationPercent": 0.1, "method": "XRF"]]),
            lot(
                "R2", "pp-pcr", 1000,
                [["name": "decaBDE", "cas": "1163-19-5", "concentrationPercent": 0.01, "method": "XRF", "limitOfDetectionPercent": 0.02]]),
            lot("R3", "pp-pcr", 3000, nil)
        ]
        var keys = PropertyKeys()
        let profiles = try lots.map { json -> LotProfile in
            let grade = grades.first { $0.id == json.objectValue?["grade"]?.stringValue }!
            return LotProfile(lot: try MaterialLot.decode(json, kind: grade.kind), grade: grade, keys: &keys)
        }
        return (profiles, keys)
    }

    static func request(massKg: Double, mgPerKg: Double) throws -> MaterialRequest {
        try MaterialRequest.decode(
            [
                "polymer": "PP", "massKg": .number(JSONNumber(massKg)),
                "maxSubstances": [["name": "decaBDE", "cas": "1163-19-5", "maxMgPerKg": .number(JSONNumber(mgPerKg))]]
            ], defaultID: "r")
    }

    /// 2,000 kg at most 500 mg/kg: maximise w₁ + w₂ with 0.001 w₁ + 0.0002 w₂ ≤ 0.0005, w₂ ≤ 1000/2000, w₁ ≤ 1500/2000.
    /// By hand: w₂ = 0.5 (all of R2), then w₁ ≤ 0.4; the rest, 0.1, virgin. Recycled share 0.9; decaBDE exactly 500 mg/kg.
    @Test func aConcentrationLimitIsALinearRowOfTheBlend() throws {
        let (profiles, keys) = try Self.profiles()
        let b = BlendOptimizer.blend(try Self.request(massKg: 2000, mgPerKg: 500), profiles: profiles, keys: keys)
        #expect(b.feasible)
        #expect(abs(b.recycledShare - 0.9) < 1e-9)
        let mass = Dictionary(uniqueKeysWithValues: b.components.map { ($0.lot, $0.massKg) })
        #expect(abs(mass[MaterialSamples.lotID("R1")]! - 800) < 1e-6)
        #expect(abs(mass[MaterialSamples.lotID("R2")]! - 1000) < 1e-6)
        #expect(abs(mass[MaterialSamples.lotID("V1")]! - 200) < 1e-6)
        #expect(abs(b.substances[0].fraction - 0.0005) < 1e-12)
        #expect(b.binding.contains("decaBDE ≤ 500 mg/kg"))
        // R3 cannot show it meets the limit.
        #expect(b.excluded.map(\.lot) == [MaterialSamples.lotID("R3")])
        #expect(b.excluded.map(\.reason) == ["no measured or declared decaBDE concentration to show it meets decaBDE ≤ 500 mg/kg"])
    }

    /// 4,000 kg, half recycled, at most 100 mg/kg: R2 (a quarter at most) and 5 % of R1 reach 30 % recycled; infeasible,
    /// and the limit is among the constraints that conflict.
    @Test func aLimitNoBlendCanMeetIsNamed() throws {
        let (profiles, keys) = try Self.profiles()
        var r = try Self.request(massKg: 4000, mgPerKg: 100)
        r.minRecycledShare = 0.5
        let b = BlendOptimizer.blend(r, profiles: profiles, keys: keys)
        #expect(!b.feasible)
        #expect(b.binding.contains("decaBDE ≤ 100 mg/kg"))
        #expect(b.binding.contains("minRecycledShare 50%"))
    }

    /// In matches each lot is checked on its own: R1 is a near miss by its concentration, R3 by having none.
    @Test func aLotAboveTheLimitOrWithoutAMeasurementIsANearMiss() throws {
        let (profiles, keys) = try Self.profiles()
        let report = LotMatcher.match(try Self.request(massKg: 500, mgPerKg: 500), profiles: profiles, keys: keys)
        #expect(Set(report.matches.map(\.profile.id)) == [MaterialSamples.lotID("V1"), MaterialSamples.lotID("R2")])
        let misses = Dictionary(uniqueKeysWithValues: report.nearMisses.map { ($0.profile.id, $0.reason) })
        #expect(misses[MaterialSamples.lotID("R1")] == "decaBDE 1000 mg/kg is above 500 mg/kg")
        #expect(misses[MaterialSamples.lotID("R3")] == "no measured or declared decaBDE concentration to show it meets the limit")
    }

    /// A profile rebuilt over a changed grade keeps the lot's measurements and takes the grade's new declarations.
    @Test func aRebuiltProfileKeepsTheLotsMeasurements() throws {
        let (profiles, built) = try Self.profiles()
        var keys = built
        let limit = try Self.request(massKg: 1, mgPerKg: 1).maxSubstances[0]
        var grade = try Grade.decode(MaterialSamples.recycledGrade)
        grade.substancesOfConcern = [Substance(name: "decaBDE", cas: "1163-19-5", concentrationPercent: 0.05)]
        let r2 = LotProfile(rebuilding: profiles[2], grade: grade, keys: &keys)
        #expect(r2.fraction(for: limit, keys: keys) == 0.0002)  // its own measurement (at the limit of detection)
        let r3 = LotProfile(rebuilding: profiles[3], grade: grade, keys: &keys)
        #expect(r3.fraction(for: limit, keys: keys) == 0.0005)  // none of its own: the grade's declaration
    }

    @Test(arguments: [
        (["cas": "1163-19-6", "maxPercent": 0.1] as JSONValue, "/maxSubstances/0/cas"),
        (["cas": "1163-19-5"] as JSONValue, "/maxSubstances/0"),
        (["cas": "1163-19-5", "maxPercent": 0.1, "maxMgPerKg": 1000] as JSONValue, "/maxSubstances/0"),
        (["cas": [], "maxPercent": 0.1] as JSONValue, "/maxSubstances/0/cas")
    ])
    func badLimitsAreRefusedWhereTheyAre(limit: JSONValue, pointer: String) {
        #expect {
            try MaterialRequest.decode(["polymer": "PP", "massKg": 1, "maxSubstances": [limit]], defaultID: "r")
        } throws: { ($0 as? MaterialError)?.pointer == pointer }
    }
}
