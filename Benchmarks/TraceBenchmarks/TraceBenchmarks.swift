import Benchmark
import Foundation
import JunkanCore

/// Issue 4: provenance at depth 20 on a graph of 1,000,000 events, and the footprint of a final product whose
/// upstream is a whole 10,000-lot graph (scripts/bench-footprint.sh runs bw2calc on the same graph in the same run).
let benchmarks: @Sendable () -> Void = {
    let big = MillionEventGraph.self
    Benchmark("Provenance upstream, depth 20, 1,000,000-event graph",
              configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 2_000)) { b in
        var i = 0
        for _ in b.scaledIterations {
            i = (i &+ 7_919) % big.finalLots.count
            blackHole(Provenance(graph: big.graph, id: big.finalLots[i], direction: .upstream, depth: 20))
        }
    } setup: { _ = big.graph }
    Benchmark("Provenance downstream, depth 20, 1,000,000-event graph",
              configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 2_000)) { b in
        var i = 0
        for _ in b.scaledIterations {
            i = (i &+ 7_919) % big.finalLots.count
            blackHole(Provenance(graph: big.graph, id: big.finalLots[i].replacingOccurrences(of: "S40", with: "S0"),
                                 direction: .downstream, depth: 20))
        }
    } setup: { _ = big.graph }

    // Issue 30: `/flows` over 1,000,000 events. A request sums the ledger's days in its window and writes the numbers (the
    // page adds a drawing of at most 13 stages, whatever the events); the ledger is counted once, then follows the graph.
    let loop = MillionEventLoop.self
    Benchmark("Flows: one year of a 1,000,000-event loop (sum the days, the report's JSON)",
              configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(10), maxIterations: 2_000)) { b in
        var from: Int32 = 0
        for _ in b.scaledIterations {
            from = (from &+ 97) % 730
            let report = MaterialFlowReport(fromDay: from, toDay: from + 364, product: nil, polymer: nil, flows: loop.ledger.flows(fromDay: from, toDay: from + 364))
            blackHole(report.json)
        }
    } setup: { _ = loop.ledger }
    Benchmark("Flows: count a 1,000,000-event loop from nothing (start-up, or a recount after a late event)",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(20), maxIterations: 20)) { b in
        for _ in b.scaledIterations {
            var ledger = MaterialFlowLedger()
            ledger.update(with: loop.graph)
            blackHole(ledger)
        }
    } setup: { _ = loop.graph }
    Benchmark("Flows: one product's loop in a 1,000,000-event graph (walk, count, the report's JSON)",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 200)) { b in
        var c = 0
        for _ in b.scaledIterations {
            c = (c &+ 7_919) % 125_000
            let graph = loop.graph
            guard let start = graph.node("https://id.gs1.org/01/04012345123456/10/P\(c)") else { fatalError("no product \(c)") }
            let (steps, nodes) = graph.loop(of: [start])
            let movements = graph.movements(touching: nodes)
            let ledger = MaterialFlowLedger(graph: graph, steps: { steps.contains($0) }, movements: { movements.contains($0) })
            blackHole(MaterialFlowReport(fromDay: .min, toDay: .max, product: nil, polymer: nil, flows: ledger.flows(fromDay: .min, toDay: .max)).json)
        }
    } setup: { _ = loop.graph }

    // The final product of the document named by JUNKAN_BENCH_TRACE (scripts/bench-footprint.sh), built as capture builds it.
    if let path = ProcessInfo.processInfo.environment["JUNKAN_BENCH_TRACE"], let product = ProcessInfo.processInfo.environment["JUNKAN_BENCH_PRODUCT"] {
        let graph = try! TraceDocumentGraph.load(path)
        let id = CBVCanonical.identifier(product)
        precondition(graph.contains(id), "\(product) is not in \(path)")
        Benchmark("Footprint of the final product, 10,000-lot graph (closure, system, solve)",
                  configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 200)) { b in
            for _ in b.scaledIterations { blackHole(FootprintCalculator(graph: graph).footprint(of: id)) }
        }
    }
}

/// 25,000 chains × 40 steps = 1,000,000 transformation events (plus 25,000 creating events), built on first use
/// (a benchmark's setup), so runs that filter it out do not pay for it.
enum MillionEventGraph {
    static let built = SyntheticTrace.graph(chains: 25_000, length: 40)
    static var graph: TraceGraph { built.graph }
    static var finalLots: [String] { built.finalLots }
}

/// 125,000 chains × 8 events over 1,095 days (`SyntheticLoop`), and its ledger, built on first use.
enum MillionEventLoop {
    static let graph = SyntheticLoop.graph(chains: 125_000, days: 1_095)
    static let ledger: MaterialFlowLedger = {
        var l = MaterialFlowLedger()
        l.update(with: graph)
        return l
    }()
}

enum TraceDocumentGraph {
    static func load(_ path: String) throws -> TraceGraph {
        let json = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let doc = try EPCISDocument.decode(json).document
        var g = TraceGraph()
        for (i, e) in doc.events.enumerated() {
            g.add(try TraceRecord.from(e, eventHash: "ni:///sha-256;\(i)?ver=CBV2.0", documentContext: doc.context))
        }
        return g
    }
}
