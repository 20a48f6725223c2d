import Benchmark
import Crypto
import Foundation
import JunkanCore

/// Issue 24: the event hash has one reference writer (the readable tree the tests compare against) and two fast ones,
/// each for the input its caller has. Each is measured here on its own input against the others on the same input, in
/// one run (scripts/bench-event-hash-paths.sh makes the document, random_epcis.py's 10,000 events):
/// - a document as bytes (`junkan event-hash`): the tape writer against parsing a tree and writing it directly;
/// - a document already parsed into a tree (capture, which needs the tree to decode the events): the direct writer
///   against writing the tree back to bytes for the tape, and against the reference tree.
let benchmarks: @Sendable () -> Void = {
    guard let path = ProcessInfo.processInfo.environment["JUNKAN_BENCH_EPCIS"] else { return }
    let bytes = Array(try! Data(contentsOf: URL(fileURLWithPath: path)))
    let tree = try! JSONParser.parse(bytes)
    let (events, context, ignored) = try! EventHash.eventsOf(document: tree)
    let hasher = EventHash.Hasher(context: context, ignoredFields: ignored)
    let configuration = Benchmark.Configuration(metrics: [.wallClock, .cpuTotal], timeUnits: .milliseconds, maxDuration: .seconds(20),
                                                maxIterations: 30)
    let n = events.count

    Benchmark("bytes in (event-hash CLI): tape, \(n) events", configuration: configuration) { b in
        for _ in b.scaledIterations { blackHole(try! EventHash.hashes(json: bytes)) }
    }
    Benchmark("bytes in (event-hash CLI): tree parse + direct, \(n) events", configuration: configuration) { b in
        for _ in b.scaledIterations { blackHole(try! EventHash.hashes(document: try! JSONParser.parse(bytes))) }
    }
    Benchmark("tree in (capture): direct, \(n) events", configuration: configuration) { b in
        for _ in b.scaledIterations { blackHole(try! EventHash.hashes(document: tree)) }
    }
    Benchmark("tree in (capture): written back to bytes + tape, \(n) events", configuration: configuration) { b in
        for _ in b.scaledIterations { blackHole(try! EventHash.hashes(json: Array(JSONWriter.string(tree).utf8))) }
    }
    Benchmark("tree in (capture): reference tree, \(n) events", configuration: configuration) { b in
        for _ in b.scaledIterations {
            blackHole(ParallelMap.map(n) { i in EventHash.hash(preHash: try! hasher.treePreHash(event: events[i])) })
        }
    }
}
