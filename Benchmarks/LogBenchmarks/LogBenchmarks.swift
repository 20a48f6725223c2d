import Benchmark
import Crypto
import Foundation
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanSQLite
import JunkanStore

/// Issue 3, item 8: the log's costs beside the physical limit (Ed25519) and beside capture without the log.
/// Figures go to Benchmarks/RESULTS.md; `scripts/bench-log.sh` runs this suite.
let benchmarks: @Sendable () -> Void = {
    let quick = Benchmark.Configuration(metrics: [.wallClock, .throughput], timeUnits: .microseconds,
                                        maxDuration: .seconds(5), maxIterations: 1_000_000)
    let batch = 65_536  // the integrator's batch limit: one checkpoint per batch

    // The physical limit: one signature per leaf (hosted keys) and one verification per leaf in an audit.
    let message = Array(repeating: UInt8(7), count: 120)  // about a leaf's signed fields
    Benchmark("Ed25519 sign (120 bytes)", configuration: quick) { b in
        for _ in b.scaledIterations { blackHole(try! BenchInputs.key.signature(for: message)) }
    }
    let signature = try! BenchInputs.key.signature(for: message)
    let publicKey = BenchInputs.key.publicKey
    Benchmark("Ed25519 verify (120 bytes)", configuration: quick) { b in
        for _ in b.scaledIterations { blackHole(publicKey.isValidSignature(signature, for: message)) }
    }

    // Hashing + tile building for a batch of leaves, in memory (no signature checks: leaves are not verified here).
    let leaves = BenchInputs.leaves(batch)
    Benchmark("Integrate 65,536 leaves in memory (leaf hashes, tiles, bundles)",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 20)) { b in
        var tree = TileIntegrator()
        blackHole(try! tree.append(leaves))
    }

    // The same through the node's integrator: read the sequenced leaves from SQLite, hash, write tiles, bundles and one
    // signed checkpoint in one transaction. A fresh database per iteration; filling it is not measured.
    Benchmark("Integrate 65,536 leaves into SQLite (LogIntegrator)",
              configuration: .init(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(20), maxIterations: 8)) { b in
        let (store, dir) = try BenchInputs.freshStore()
        defer { BenchInputs.discard(dir) }
        _ = try await store.capture(BenchInputs.records(leaves: leaves, from: 0))
        let integrator = LogIntegrator(store: store, signer: try NoteSigner(name: "bench.example/log", privateKey: .init()))
        b.startMeasurement()
        let signed = try await integrator.integrate()
        b.stopMeasurement()
        precondition(signed.last?.size == UInt64(batch))
    }

    // Inclusion proofs in a 1,048,576-leaf tree from tiles held in memory, with the expanded-tile cache warm.
    let size: UInt64 = 1 << 20
    var tiles: [String: [UInt8]] = [:]
    var big = TileIntegrator()
    for start in stride(from: 0, to: Int(size), by: batch) {
        for (path, data) in try! big.append(BenchInputs.leaves(batch, from: start)).tiles where path.level != nil {
            tiles["\(path.level!)/\(path.index)"] = data
        }
    }
    let stored = tiles
    let source = TileHashSource(size: size, cache: TileCache(limit: 1 << 16)) { level, index, _ in stored["\(level)/\(index)"] }
    for i in stride(from: UInt64(0), to: size, by: 256) { _ = try! source.inclusionProof(index: i, size: size) }  // warm the cache
    Benchmark("Inclusion proof, 1,048,576-leaf tree, cached tiles", configuration: quick) { b in
        var index: UInt64 = 12_345
        for _ in b.scaledIterations {
            index = (index &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407) % size
            blackHole(try! source.inclusionProof(index: index, size: size))
        }
    }

    // End to end, in process: a 10,000-event document decoded, validated, hashed and stored, without the log (what the
    // foundation did) and with it (a signed leaf per event in the same transaction, then integration and a signed
    // checkpoint). A fresh database per iteration.
    let document = try! BenchInputs.captureDocument()
    let organisation = Organisation(id: BenchInputs.organisationID, name: "Bench",
                                    key: .hosted(seed: Array(BenchInputs.key.rawRepresentation), publicKey: Array(publicKey.rawRepresentation)))
    let endToEnd = Benchmark.Configuration(metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 10)
    Benchmark("Capture 10,000 events, log off", configuration: endToEnd) { b in
        let (store, dir) = try BenchInputs.freshStore()
        defer { BenchInputs.discard(dir) }
        b.startMeasurement()
        let prepared = try CaptureService.prepare(document, organisationID: organisation.id, behaviour: .rollback, jobID: "bench",
                                                  now: Int64(Date().timeIntervalSince1970 * 1000))
        _ = try await store.capture(prepared.records)
        try await store.saveJob(prepared.job)
        b.stopMeasurement()
    }
    Benchmark("Capture 10,000 events, log on (signed leaves + integration + checkpoint)", configuration: endToEnd) { b in
        let (store, dir) = try BenchInputs.freshStore()
        defer { BenchInputs.discard(dir) }
        let integrator = LogIntegrator(store: store, signer: try NoteSigner(name: "bench.example/log", privateKey: .init()))
        try await integrator.integrate()  // the empty tree's checkpoint, as at start-up
        b.startMeasurement()
        _ = try await CaptureService(store: store).capture(document, organisation: organisation, behaviour: .rollback, jobID: "bench")
        let signed = try await integrator.integrate()
        b.stopMeasurement()
        precondition(signed.last?.size == 10_000)
    }
}
