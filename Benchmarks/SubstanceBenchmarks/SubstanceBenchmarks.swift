import Benchmark
import Foundation
import JunkanCore
import JunkanNode
import JunkanSQLite
import JunkanStore

/// Issue 31: the compliance of a product of 5,000 parts with 50,000 declared substances against three lists (goal
/// p99 < 200 ms). The product is assembled (one aggregation step) from 5,000 parts: 4,500 declared by their suppliers
/// (two homogeneous materials of five substances each), 500 moulded (a blend step each) from two of 50 resin lots
/// declared with 100 measured substances each. The declarations sit in a real SQLite file; each iteration does what a
/// request does: the trace snapshot, the declarations' read and decoding, the roll-up, three checks and the JSON.
enum BigProduct {
    static let product = "https://id.gs1.org/01/04012345000009/21/P1"
    static func part(_ i: Int) -> String { "https://id.gs1.org/01/04012345000016/21/part\(i)" }
    static func resin(_ i: Int) -> String { "https://id.gs1.org/01/04012345000023/10/resin\(i)" }

    /// A valid CAS number of `n` (digits before the check digit), so that most substances are on no list.
    static func cas(_ n: Int) -> String {
        let body = String(100_000 + n)
        let digits = body.compactMap(\.wholeNumberValue)
        let check = digits.reversed().enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element } % 10
        return "\(body.dropLast(2))-\(body.suffix(2))-\(check)"
    }

    /// Listed substances (lead, cadmium, DEHP, decaBDE) mixed in below their thresholds, so every rule is read to the end.
    static let listed = ["7439-92-1", "7440-43-9", "117-81-7", "1163-19-5"]

    static func substance(_ k: Int, fraction: Double) -> DeclaredSubstance {
        // Listed ones at 0.005 %, under cadmium's 0.01 % in a homogeneous material even where three add up.
        k % 10 == 0
            ? DeclaredSubstance(name: "s\(k)", cas: listed[(k / 10) % listed.count], fraction: min(fraction, 0.00005))
            : DeclaredSubstance(name: "s\(k)", cas: cas(k), fraction: fraction)
    }

    static func make() async throws -> (
        service: SubstanceService, lists: [RestrictedSubstanceList], folder: URL, substances: Int, store: SQLiteStore, trace: TraceIndex
    ) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junkan-bench-subst-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("s.sqlite").path)
        var declarations: [MaterialDeclaration] = []
        var substances = 0
        for i in 0..<4_500 {
            let materials = (0..<2).map { m in
                DeclaredMaterial(name: "m\(m)", massKg: 0.01, substances: (0..<5).map { s in substance(i * 10 + m * 5 + s, fraction: 0.0002) })
            }
            substances += 10
            declarations.append(
                MaterialDeclaration(
                    subject: part(i), supplier: "supplier \(i % 40)", product: DeclaredPart(name: "part \(i)", massKg: 0.02, materials: materials)))
        }
        for r in 0..<50 {
            substances += 100
            let material = DeclaredMaterial(name: "resin \(r)", massKg: 1000, substances: (0..<100).map { s in substance(r * 100 + s, fraction: 0.00001) })
            declarations.append(
                MaterialDeclaration(subject: resin(r), supplier: "compounder", product: DeclaredPart(name: "resin \(r)", massKg: 1000, materials: [material])))
        }
        try await store.storeDeclarations(SubstanceService.stored(declarations.map { ($0, "json") }, organisationID: "o", at: 0))
        let trace = TraceIndex(store: store)
        var records: [TraceRecord] = []
        for i in 4_500..<5_000 {
            let step = TraceStep(
                kind: .transformation, eventID: "mould\(i)", eventHash: "ni:///sha-256;mould\(i)", eventTime: 1,
                inputs: [.init(id: resin(i % 50), massKg: 0.015), .init(id: resin((i + 7) % 50), massKg: 0.005)],
                outputs: [.init(id: part(i), massKg: 0.02)], processKind: .moulding)
            records.append(TraceRecord(step: step, declarations: [:]))
        }
        let assembly = TraceStep(
            kind: .aggregation, eventID: "assemble", eventHash: "ni:///sha-256;assemble", eventTime: 2,
            inputs: (0..<5_000).map { .init(id: part($0), massKg: 0.02) }, outputs: [.init(id: product, massKg: 100)])
        records.append(TraceRecord(step: assembly, declarations: [:]))
        await trace.add(records)
        let lists = ["eu-rohs", "reach-svhc", "eu-pops"].compactMap { SubstanceListCatalogue.shipped[$0] }
        return (SubstanceService(store: store, trace: trace), lists, folder, substances, store, trace)
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput], maxDuration: .seconds(20), maxIterations: 200)
    nonisolated(unsafe) var big:
        (
            service: SubstanceService, lists: [RestrictedSubstanceList], folder: URL, substances: Int, store: SQLiteStore, trace: TraceIndex
        )?
    // What every request after the first does: the declarations read back from their JSON are kept while they stay the same.
    Benchmark("Compliance: 5,000 parts, 50,000 declared substances, 3 lists (read + roll-up + check + JSON)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            guard let check = try await big!.service.check(BigProduct.product, against: big!.lists, on: "2026-12-01") else { fatalError("no product") }
            blackHole(JSONWriter.string(SubstanceComplianceJSON.json(id: BigProduct.product, day: "2026-12-01", check)))
        }
    } setup: {
        big = try await BigProduct.make()
        precondition(big!.substances == 50_000 && big!.lists.count == 3)
        // The answer must be a real one: every part known, every rule passed.
        let check = try await big!.service.check(BigProduct.product, against: big!.lists, on: "2026-12-01")!
        precondition(check.reports.allSatisfy { $0.status == .pass }, "\(check.reports.map { ($0.list.id, $0.status) })")
    } teardown: {
        try? FileManager.default.removeItem(at: big!.folder)
    }

    // The first request after a start or after the declarations changed: every declaration read from its JSON.
    nonisolated(unsafe) var cold:
        (
            service: SubstanceService, lists: [RestrictedSubstanceList], folder: URL, substances: Int, store: SQLiteStore, trace: TraceIndex
        )?
    Benchmark("Compliance, cold: the same with every declaration read from its JSON", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            let service = SubstanceService(store: cold!.store, trace: cold!.trace)
            guard let check = try await service.check(BigProduct.product, against: cold!.lists, on: "2026-12-01") else { fatalError("no product") }
            blackHole(JSONWriter.string(SubstanceComplianceJSON.json(id: BigProduct.product, day: "2026-12-01", check)))
        }
    } setup: {
        cold = try await BigProduct.make()
    } teardown: {
        try? FileManager.default.removeItem(at: cold!.folder)
    }
}
