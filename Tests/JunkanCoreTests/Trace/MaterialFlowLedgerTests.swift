import JunkanCore
import JunkanTestSupport
import Testing

/// `/flows`: each band worked out by hand from the events below.
@Suite struct MaterialFlowLedgerTests {
    typealias T = TraceSamples
    typealias Link = MaterialFlowLedger.Link

    static func with(_ event: JSONValue, _ changes: [(String, JSONValue)]) -> JSONValue {
        guard case .object(var o) = event else { return event }
        for (k, v) in changes { o[k] = v }
        return .object(o)
    }

    /// Virgin V (1000 kg) and declared recyclate R0 (90 % post-consumer) compounded into C; C moulded into M; M and a
    /// supplied board S assembled into P; used products U collected (3,000 kg), 2,800 kg of them recycled into R1 and
    /// 200 kg disposed of, 100 kg reused.
    static let loop: [JSONValue] = [
        T.create("V", kg: 1000, n: 1),
        with(
            T.create("R0", kg: 400, ilmd: ["junkan:recycledContent": ["postConsumer": 0.9]], n: 2),
            [("junkan:processKind", "recycling"), ("bizStep", "receiving")]),
        with(T.create("S", kg: 2, n: 3), [("bizStep", "receiving")]),
        T.transform([("V", 600), ("R0", 400)], [("C", 990)], extra: ["junkan:processKind": "compounding"], n: 4),
        T.transform([("C", 500)], [("M", 480)], extra: ["junkan:processKind": "moulding"], n: 5),
        with(T.transform([("M", 1.2), ("S", 2)], [("P", 3.2)], n: 6), [("bizStep", "assembling")]),
        with(T.create("U", kg: 3000, n: 7), [("bizStep", "collecting")]),
        T.transform([("U", 2800)], [("R1", 2500)], extra: ["junkan:cutOff": true], n: 8),
        with(T.create("U", kg: 200, n: 9), [("action", "OBSERVE"), ("bizStep", "destroying")]),
        with(T.create("U", kg: 100, n: 10), [("action", "OBSERVE"), ("bizStep", "repairing"), ("junkan:endOfLifeTreatment", "reuse")])
    ]

    static func flows(_ ledger: MaterialFlowLedger) -> [Link: (Double, Double)] {
        Dictionary(uniqueKeysWithValues: ledger.flows(fromDay: .min, toDay: .max).map { ($0.link, ($0.massKg, $0.recycledKg)) })
    }

    @Test func eachBandIsTheMassTheEventsMoved() throws {
        var ledger = MaterialFlowLedger()
        ledger.update(with: try T.graph(Self.loop))
        let f = Self.flows(ledger)
        let expected: [Link: (Double, Double)] = [
            Link(from: .extraction, to: .compounding): (600, 0),  // V: commissioning ADD, virgin
            Link(from: .recycling, to: .compounding): (400, 360),  // R0: created at recycling, 90 % declared recycled
            Link(from: .compounding, to: .losses): (10, 0),  // 1000 in, 990 out
            Link(from: .compounding, to: .moulding): (500, 0),
            Link(from: .moulding, to: .losses): (20, 0),  // 500 in, 480 out
            Link(from: .moulding, to: .assembly): (1.2, 0),
            Link(from: .sourced, to: .assembly): (2, 0),  // S: received, its making not traced
            Link(from: .assembly, to: .use): (3.2, 0),  // P's mass
            Link(from: .use, to: .collection): (3000, 0),  // the collecting ADD
            Link(from: .collection, to: .recycling): (2800, 0),  // the cut-off step (recycling by junkan:cutOff)
            Link(from: .recycling, to: .losses): (300, 0),  // 2800 in, 2500 out
            Link(from: .collection, to: .disposal): (200, 0),  // destroying
            Link(from: .collection, to: .use): (100, 0)  // reuse
        ]
        #expect(f.count == expected.count, "\(f.keys.sorted())")
        for (link, (kg, recycled)) in expected {
            let got = try #require(f[link], "\(link)")
            #expect(abs(got.0 - kg) < 1e-9 && abs(got.1 - recycled) < 1e-9, "\(link): \(got)")
        }
        #expect(ledger.recounts == 0)
    }

    /// A lot's maker captured after its user, a declaration after the use, a product built into another after it was
    /// counted into use: each makes the ledger count again, and it ends where one reading of the whole graph ends.
    @Test func lateEventsGiveTheSameBandsAsEventsInOrder() throws {
        let whole = try T.graph(Self.loop)
        var once = MaterialFlowLedger()
        once.update(with: whole)
        // The moulding before the compounding that made C, and the assembly of P into Q after P went into use.
        var events = Self.loop
        events.swapAt(3, 4)
        events.append(Self.with(T.transform([("P", 3.2)], [("Q", 3.2)], n: 11), [("bizStep", "assembling")]))
        var growing = MaterialFlowLedger()
        var g = TraceGraph()
        let decoder = EPCISEventDecoder(context: SampleEvents.context)
        for (i, json) in events.enumerated() {
            g.add(try TraceRecord.from(try decoder.decode(json), eventHash: "ni:///sha-256;\(i)?ver=CBV2.0", documentContext: SampleEvents.context))
            growing.update(with: g)
        }
        #expect(growing.recounts == 2)
        var fresh = MaterialFlowLedger()
        fresh.update(with: g)
        let a = Self.flows(growing), b = Self.flows(fresh)
        #expect(a.count == b.count)
        for (link, v) in b { #expect(a[link]?.0 == v.0 && a[link]?.1 == v.1, "\(link)") }
        // P now goes into Q's assembly, and Q into use; C is compounding's, whatever the order.
        #expect(a[Link(from: .assembly, to: .assembly)]?.0 == 3.2)
        #expect(a[Link(from: .assembly, to: .use)]?.0 == 3.2)
        #expect(a[Link(from: .compounding, to: .moulding)]?.0 == 500)
        #expect(Self.flows(once)[Link(from: .compounding, to: .moulding)]?.0 == 500)
    }

    @Test func aWindowCountsTheDaysInIt() throws {
        // Events a day apart: n is seconds, so move two of them by days.
        let day: Int64 = 86_400_000
        let base: Int64 = 1_700_000_000_000
        func at(_ e: JSONValue, days: Int64) -> JSONValue {
            Self.with(e, [("eventTime", .string(ISO8601Timestamp.utcString(epochMilliseconds: base + days * day)))])
        }
        let events = [
            T.create("V", kg: 100), at(T.transform([("V", 60)], [("A", 60)], extra: ["junkan:processKind": "compounding"]), days: 0),
            at(T.transform([("V", 40)], [("B", 30)], extra: ["junkan:processKind": "compounding"]), days: 3)
        ]
        var ledger = MaterialFlowLedger()
        ledger.update(with: try T.graph(events))
        let first = MaterialFlowLedger.day(ofEpochMilliseconds: base)
        #expect(ledger.dayRange == first...(first + 3))
        let early = ledger.flows(fromDay: first, toDay: first + 2)
        #expect(early.map(\.massKg) == [60])
        let late = ledger.flows(fromDay: first + 1, toDay: first + 3)
        #expect(late.map(\.link) == [Link(from: .extraction, to: .compounding), Link(from: .compounding, to: .losses)])
        #expect(late.map(\.massKg) == [40, 10])
        #expect(MaterialFlowLedger.day(ofEpochMilliseconds: -1) == -1)
    }

    /// One product's loop: the steps upstream and downstream of its lots, not a neighbour's.
    @Test func aProductsLoopLeavesOtherProductsOut() throws {
        let other = [T.create("X", kg: 50, n: 20), T.transform([("X", 50)], [("Y", 45)], extra: ["junkan:processKind": "moulding"], n: 21)]
        let g = try T.graph(Self.loop + other)
        let starts = [try #require(g.node(CBVCanonical.identifier(T.lot("M"))))]
        let (steps, nodes) = g.loop(of: starts)
        let movements = g.movements(touching: nodes)
        let ledger = MaterialFlowLedger(graph: g, steps: { steps.contains($0) }, movements: { movements.contains($0) })
        let f = Self.flows(ledger)
        #expect(f[Link(from: .extraction, to: .moulding)] == nil)  // X → Y is another product's
        #expect(f[Link(from: .compounding, to: .moulding)]?.0 == 500)
        #expect(f[Link(from: .assembly, to: .use)]?.0 == 3.2)
        #expect(f[Link(from: .use, to: .collection)] == nil)  // U is not made from M
    }

    /// Out of recycling, a band is recycled unless the recycling event declares the lot otherwise.
    @Test func aRecyclingStepsDeclarationDecidesItsOutputsRecycledShare() throws {
        let events = [
            Self.with(T.create("W", kg: 100, n: 1), [("bizStep", "collecting")]),
            T.transform([("W", 100)], [("R", 90)], extra: ["junkan:cutOff": true, "ilmd": ["junkan:recycledContent": ["postConsumer": 0.8]]], n: 2),
            T.transform([("R", 50)], [("C", 50)], extra: ["junkan:processKind": "compounding"], n: 4)
        ]
        var ledger = MaterialFlowLedger()
        ledger.update(with: try T.graph(events))
        let f = Self.flows(ledger)
        #expect(f[Link(from: .recycling, to: .compounding)]?.0 == 50)
        #expect(abs((f[Link(from: .recycling, to: .compounding)]?.1 ?? 0) - 40) < 1e-9)
    }

    /// The ledger's tables are indexed by `ordinal`: it must be the position in `allCases`.
    @Test func eachKindsOrdinalIsItsPlace() {
        #expect(ProcessKind.allCases.map(\.ordinal) == Array(0..<ProcessKind.allCases.count))
    }

    @Test func theKindIsDeclaredOrReadFromTheBizStep() throws {
        func kind(_ e: JSONValue) throws -> ProcessKind? {
            try TraceRecord.from(try EPCISEventDecoder(context: SampleEvents.context).decode(e), eventHash: "h", documentContext: SampleEvents.context)
                .step?.processKind
        }
        #expect(try kind(T.transform([("A", 1)], [("B", 1)])) == .processing)
        #expect(try kind(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:cutOff": true])) == .recycling)
        #expect(try kind(Self.with(T.transform([("A", 1)], [("B", 1)]), [("bizStep", "disassembling")])) == .dismantling)
        #expect(try kind(Self.with(T.transform([("A", 1)], [("B", 1)]), [("bizStep", "commissioning")])) == .processing)
        #expect(try kind(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:endOfLifeTreatment": "thermal_recycling"])) == .energyRecovery)
        #expect(try kind(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:processKind": "moulding", "junkan:cutOff": true])) == .moulding)
        for bad: JSONValue in ["smelting", "losses", 3] {
            do {
                _ = try kind(T.transform([("A", 1)], [("B", 1)], extra: ["junkan:processKind": bad]))
                Issue.record("\(bad) was read")
            } catch let e as EPCISValidationError {
                #expect(e.pointer.description == "/junkan:processKind")
                #expect(e.reason.contains("compounding | moulding"))
            }
        }
    }
}
