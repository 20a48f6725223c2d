import JunkanCore
import JunkanTestSupport
import Testing

@Suite struct TraceRecordTests {
    typealias T = TraceSamples

    func record(_ json: JSONValue, context: JSONValue = SampleEvents.context) throws -> TraceRecord {
        try TraceRecord.from(try EPCISEventDecoder(context: context).decode(json), eventHash: "ni:///sha-256;00?ver=CBV2.0", documentContext: context)
    }

    func rejection(_ json: JSONValue) -> EPCISValidationError? {
        do { _ = try record(json); return nil } catch let e as EPCISValidationError { return e } catch { return nil }
    }

    @Test func readsStepTermsAndDeclarations() throws {
        let r = try record(
            T.transform(
                [("A", 1)], [("B", 1)], ghg: 2.5,
                extra: ["ilmd": ["junkan:countryOfOrigin": "JP", "junkan:durability": ["years": 10]]]))
        let step = try #require(r.step)
        #expect(step.ghgEmissions == 2.5)
        #expect(step.inputs == [.init(id: CBVCanonical.identifier(T.lot("A")), massKg: 1)])
        let d = try #require(r.declarations[CBVCanonical.identifier(T.lot("B"))])
        #expect(d.countryOfOrigin == "JP")
        #expect(d.durability == ["years": 10])
    }

    @Test func termsAreFoundUnderAnyPrefixBoundToTheNamespace() throws {
        let context: JSONValue = ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", ["jk": "https://w3id.org/junkan/voc/"]]
        var json = T.transform([("A", 1)], [("B", 1)])
        if case .object(var o) = json { o["jk:ghgEmissions"] = 7; json = .object(o) }
        #expect(try record(json, context: context).step?.ghgEmissions == 7)
    }

    @Test func wrongTermsAreRejectedWithWhere() {
        #expect(rejection(T.transform([("A", 1)], [("B", 1)], ghg: -1))?.pointer.description == "/junkan:ghgEmissions")
        #expect(rejection(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:allocation": "volume"]))?.pointer.description == "/junkan:allocation")
        #expect(rejection(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:allocation": "economic"]))?.reason.contains("every output") == true)
        #expect(rejection(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:cutOff": "yes"]))?.pointer.description == "/junkan:cutOff")
        #expect(
            rejection(T.create("B", kg: 1, ilmd: ["junkan:recycledContent": ["preConsumer": 0.6, "postConsumer": 0.6]]))?
                .pointer.description == "/ilmd/junkan:recycledContent")
        #expect(
            rejection(T.create("B", kg: 1, ilmd: ["junkan:recycledContent": ["postConsumer": 1.5]]))?
                .pointer.description == "/ilmd/junkan:recycledContent/postConsumer")
        #expect(rejection(T.create("B", kg: 1, ilmd: ["junkan:countryOfOrigin": "Japan"]))?.pointer.description == "/ilmd/junkan:countryOfOrigin")
        #expect(rejection(T.create("B", kg: 1, ilmd: ["junkan:countryOfOrigin": "XX"]))?.reason.contains("\"XX\"") == true, "not an assigned code")
        #expect(rejection(T.create("B", kg: 1, ilmd: ["junkan:countryOfOrigin": "jp"])) != nil, "codes are upper case")
        #expect(rejection(T.create("B", kg: 1, ilmd: ["junkan:countryOfOrigin": "TW"])) == nil)
        #expect(rejection(T.create("B", kg: 1, ilmd: ["junkan:emissionFactor": "2"]))?.pointer.description == "/ilmd/junkan:emissionFactor")
    }

    @Test func gramsAndTonnesConvertAndOtherUnitsGiveNoMass() {
        #expect(Mass.kilograms(2, uom: "TNE") == 2000)
        #expect(Mass.kilograms(250, uom: "GRM") == 0.25)
        #expect(Mass.kilograms(3, uom: "KGM") == 3)
        #expect(Mass.kilograms(3, uom: "LTR") == nil)
        #expect(Mass.kilograms(3, uom: nil) == nil)
    }

    @Test func provenanceExpandsEachNodeOnceAndStopsAtTheDepth() throws {
        let g = try T.graph([
            T.create("V", kg: 10, ilmd: ["junkan:countryOfOrigin": "SA"]),
            T.transform([("V", 10)], [("A", 5), ("B", 5)], n: 1),
            T.transform([("A", 5), ("B", 5)], [("C", 10)], n: 2),
            T.transform([("C", 10)], [("D", 10)], n: 3)
        ])
        let id = { CBVCanonical.identifier(T.lot($0)) }
        let full = try #require(Provenance(graph: g, id: id("D"), direction: .upstream, depth: 20))
        let c = full.root.steps[0].nodes[0]
        #expect(c.id == id("C"))
        let parents = c.steps[0].nodes
        #expect(parents.map(\.id) == [id("A"), id("B")])
        #expect(parents[0].steps[0].nodes[0].declaration?.countryOfOrigin == "SA")
        #expect(parents[1].steps[0].nodes[0].repeated, "V is shown once, under A")
        let cut = try #require(Provenance(graph: g, id: id("D"), direction: .upstream, depth: 1))
        #expect(cut.root.steps[0].nodes[0].truncated)
        let down = try #require(Provenance(graph: g, id: id("V"), direction: .downstream, depth: 20))
        #expect(down.root.steps[0].nodes.map(\.id) == [id("A"), id("B")])
        #expect(Provenance(graph: g, id: id("nothing"), direction: .upstream, depth: 3) == nil)
    }
}
