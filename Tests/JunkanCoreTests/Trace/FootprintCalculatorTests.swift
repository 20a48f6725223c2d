import JunkanCore
import JunkanTestSupport
import Testing

/// Footprints, recycled content and mass balance on small graphs whose answers are worked out by hand.
@Suite struct FootprintCalculatorTests {
    typealias T = TraceSamples
    func id(_ name: String) -> String { CBVCanonical.identifier(T.lot(name)) }
    func close(_ a: Double?, _ b: Double, _ tol: Double = 1e-12) -> Bool { a.map { abs($0 - b) <= tol * max(1, abs(b)) } ?? false }

    /// Virgin resin (declared 2.0 kg CO2e/kg) and recyclate from a cut-off recycling step, compounded together.
    var compounding: [JSONValue] {
        [
            T.create("V", kg: 1000, ilmd: ["junkan:emissionFactor": 2.0, "junkan:materialGrade": "PP-H-100"]),
            T.create("W", kg: 500),  // collected waste: no factor, but behind a cut-off it does not matter
            T.transform([("W", 500)], [("R", 450)], ghg: 50, extra: ["junkan:cutOff": true], n: 1),
            T.transform([("V", 600), ("R", 400)], [("C", 990)], ghg: 100, n: 2)
        ]
    }

    @Test func compoundOfVirginAndRecyclate() throws {
        let f = try #require(FootprintCalculator(graph: try T.graph(compounding)).footprint(of: id("C")))
        let sR = 50.0 / 450
        let total = (600 * 2 + 400 * sR + 100) / 990
        #expect(close(f.kgCO2ePerKg, total))
        #expect(f.massKg == 990)
        #expect(close(f.totalKgCO2e, total * 990))
        #expect(close(f.recycledContent.postConsumer, 0.4))
        #expect(f.recycledContent.preConsumer == 0)
        #expect(close(f.primaryDataShare, (400 * sR + 100) / 990 / total))
        #expect(f.issues.isEmpty, "the waste behind the cut-off needs no factor: \(f.issues)")
    }

    @Test func recyclateIsPostConsumerAndCarriesOnlyItsOwnStep() throws {
        let f = try #require(FootprintCalculator(graph: try T.graph(compounding)).footprint(of: id("R")))
        #expect(close(f.kgCO2ePerKg, 50.0 / 450))
        #expect(f.recycledContent.postConsumer == 1)
        #expect(f.primaryDataShare == 1)
    }

    @Test func cutOffOutputDeclaringItsContentKeepsTheDeclaration() throws {
        let events = [
            T.transform(
                [("W", 100)], [("R", 90)], ghg: 9,
                extra: ["junkan:cutOff": true, "ilmd": ["junkan:recycledContent": ["preConsumer": 0.3, "postConsumer": 0.7]]])
        ]
        let f = try #require(FootprintCalculator(graph: try T.graph(events)).footprint(of: id("R")))
        #expect(close(f.recycledContent.preConsumer, 0.3))
        #expect(close(f.recycledContent.postConsumer, 0.7))
    }

    @Test func boundaryLotUsesDeclaredFactorAndContent() throws {
        let events = [
            T.create(
                "B", kg: 2000, uom: "TNE",
                ilmd: [
                    "junkan:emissionFactor": 1.25,
                    "junkan:recycledContent": ["preConsumer": 0.1, "postConsumer": 0.25]
                ])
        ]
        let f = try #require(FootprintCalculator(graph: try T.graph(events)).footprint(of: id("B")))
        #expect(f.kgCO2ePerKg == 1.25)
        #expect(f.massKg == 2000, "2 TNE in the event is 2000 kg")
        #expect(f.totalKgCO2e == 2500)
        #expect(f.recycledContent == .init(preConsumer: 0.1, postConsumer: 0.25))
        #expect(f.primaryDataShare == 0, "all of it from a declared factor")
    }

    @Test func regrindLoopIsSolvedExactly() throws {
        // Moulding takes 100 kg resin (2.0) and 10 kg of its own regrind, emits 5 kg, makes 100 kg parts + 10 kg regrind:
        // s = (200 + 10 s + 5) / 110 → s = 2.05 for both outputs.
        let events = [
            T.create("V", kg: 100, ilmd: ["junkan:emissionFactor": 2.0]),
            T.transform([("V", 100), ("G", 10)], [("P", 100), ("G", 10)], ghg: 5, n: 1)
        ]
        let calc = FootprintCalculator(graph: try T.graph(events))
        #expect(close(calc.footprint(of: id("P"))?.kgCO2ePerKg, 2.05))
        #expect(close(calc.footprint(of: id("G"))?.kgCO2ePerKg, 2.05))
    }

    @Test func economicAllocationSplitsByValueTimesMass() throws {
        let events = [
            T.create("I", kg: 100, ilmd: ["junkan:emissionFactor": 1.0]),
            T.transform(
                [("I", 100)], [("A", 50), ("B", 50)], ghg: 0,
                extra: [
                    "junkan:allocation": "economic",
                    "junkan:economicValue": .object(JSONObject([(T.lot("A"), 3), (T.lot("B"), 1)]))
                ], n: 1)
        ]
        let calc = FootprintCalculator(graph: try T.graph(events))
        #expect(close(calc.footprint(of: id("A"))?.kgCO2ePerKg, 1.5))
        #expect(close(calc.footprint(of: id("B"))?.kgCO2ePerKg, 0.5))
    }

    @Test func massAllocationSplitsByMass() throws {
        let events = [
            T.create("I", kg: 100, ilmd: ["junkan:emissionFactor": 1.0]),
            T.transform([("I", 100)], [("A", 75), ("B", 25)], ghg: 20, n: 1)
        ]
        let calc = FootprintCalculator(graph: try T.graph(events))
        #expect(close(calc.footprint(of: id("A"))?.kgCO2ePerKg, 1.2))
        #expect(close(calc.footprint(of: id("B"))?.kgCO2ePerKg, 1.2))
    }

    @Test func moreOutThanInIsFlaggedAboveHalfAPercent() throws {
        let events = [
            T.create("I", kg: 1000, ilmd: ["junkan:emissionFactor": 1.0]),
            T.transform([("I", 1000)], [("A", 1010)], n: 1),
            T.create("J", kg: 1000, ilmd: ["junkan:emissionFactor": 1.0]),
            T.transform([("J", 1000)], [("B", 1004)], n: 2)
        ]
        let calc = FootprintCalculator(graph: try T.graph(events))
        let a = try #require(calc.footprint(of: id("A")))
        let gain = try #require(a.issues.first { $0.kind == DataQualityIssue.Kind.massGain })
        #expect(gain.lossKg == -10)
        #expect(gain.inputKg == 1000 && gain.outputKg == 1010)
        #expect(close(a.kgCO2ePerKg, 1000.0 / 1010), "flagged, and still computed from what was recorded")
        #expect(calc.footprint(of: id("B"))?.issues.isEmpty == true)
    }

    @Test func missingFactorAndMassAreReported() throws {
        let events = [
            T.transform([("X", 10)], [("Y", 10)], ghg: 1),
            .object(
                JSONObject([
                    ("type", "TransformationEvent"), ("eventTime", "2024-01-01T00:00:00Z"), ("eventTimeZoneOffset", "+00:00"),
                    ("inputQuantityList", [["epcClass": .string(T.lot("Y")), "quantity": 5, "uom": "LTR"]]),
                    ("outputQuantityList", [["epcClass": .string(T.lot("Z")), "quantity": 5, "uom": "KGM"]])
                ]))
        ]
        let f = try #require(FootprintCalculator(graph: try T.graph(events)).footprint(of: id("Z")))
        #expect(f.issues.contains { $0.kind == .missingEmissionFactor && $0.id == id("X") })
        #expect(f.issues.contains { $0.kind == .missingMass && $0.id == id("Y") }, "litres are not a mass")
    }

    @Test func assembledProductAddsItsParts() throws {
        let events: [JSONValue] = [
            T.create("Housing", kg: 0.4, ilmd: ["junkan:emissionFactor": 3.0]),
            T.create("Board", kg: 0.1, ilmd: ["junkan:emissionFactor": 20.0]),
            .object(
                JSONObject([
                    ("type", "AggregationEvent"), ("eventTime", "2024-01-01T00:00:00Z"), ("eventTimeZoneOffset", "+00:00"),
                    ("parentID", "urn:epc:id:sgtin:4012345.011111.1"), ("action", "ADD"), ("childEPCs", []),
                    (
                        "childQuantityList",
                        [
                            ["epcClass": .string(T.lot("Housing")), "quantity": 0.4, "uom": "KGM"],
                            ["epcClass": .string(T.lot("Board")), "quantity": 100, "uom": "GRM"]
                        ]
                    )
                ]))
        ]
        let f = try #require(FootprintCalculator(graph: try T.graph(events)).footprint(of: CBVCanonical.identifier("urn:epc:id:sgtin:4012345.011111.1")))
        #expect(close(f.massKg, 0.5))
        #expect(close(f.totalKgCO2e, 0.4 * 3 + 0.1 * 20))
        // Observing the same assembly later confirms it; its parts are not counted again.
        guard case .object(var observed) = events[2] else { return }
        observed["action"] = "OBSERVE"
        observed["eventTime"] = "2024-02-01T00:00:00Z"
        let again = try #require(
            FootprintCalculator(graph: try T.graph(events + [.object(observed)]))
                .footprint(of: CBVCanonical.identifier("urn:epc:id:sgtin:4012345.011111.1")))
        #expect(close(again.massKg, 0.5))
    }
}
