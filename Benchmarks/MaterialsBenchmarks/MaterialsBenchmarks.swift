import Benchmark
import Foundation
import JunkanCore
import JunkanNode
import JunkanSQLite
import JunkanStore

/// Issue 5: ranking 100,000 lots for one request (goal p99 < 50 ms) and blending 50 candidate lots (goal < 20 ms).
/// The lots sit in a real SQLite file; the index loads them once (as `junkan serve` does on the first request) and
/// each iteration does what a request does: check the store's revision, take the snapshot, compute, write the JSON.
enum BigMarket {
    static let polymers = ["PP", "PE-HD", "ABS", "PC", "PC+ABS", "PA6"]

    static func grade(_ i: Int) -> JSONValue {
        let polymer = polymers[i % polymers.count]
        let mfrConditions: JSONValue = polymer == "PP" ? ["temperature_C": 230, "load_kg": 2.16] : ["temperature_C": 190, "load_kg": 2.16]
        return ["id": .string("g\(i)"), "producer": "P", "name": .string("grade \(i)"), "polymer": .string(polymer),
                "kind": i % 3 == 0 ? "virgin" : "recycled-post-consumer", "emissionFactor": .number(JSONNumber(0.5 + Double(i % 7) * 0.3)),
                "properties": [["property": "MFR", "value": .number(JSONNumber(5 + Double(i % 20))), "unit": "g/10min", "standard": "ISO 1133",
                                "conditions": mfrConditions],
                               ["property": "density", "value": .number(JSONNumber(900 + Double(i % 40))), "unit": "kg/m3", "standard": "ISO 1183"],
                               ["property": "tensileModulus", "value": .number(JSONNumber(1000 + Double(i % 50) * 20)), "unit": "MPa", "standard": "ISO 527-2"]]]
    }

    /// A lot of grade `i % grades` with its own MFR, at a place in Japan; recycled lots with form and colour.
    static func lot(_ i: Int, grades: Int, rng: inout UInt64) -> (JSONValue, String) {
        func next() -> Double { rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Double(rng >> 40) / Double(1 << 24) }
        let g = i % grades
        let recycled = g % 3 != 0
        var o = JSONObject([("id", .string("https://id.gs1.org/01/09506000134352/10/B\(i)")), ("grade", .string("g\(g)")),
                            ("massKg", .number(JSONNumber((500 + next() * 20000).rounded()))),
                            ("location", ["lat": .number(JSONNumber(31 + next() * 12)), "lon": .number(JSONNumber(130 + next() * 12))])])
        o["properties"] = [["property": "MFR", "value": .number(JSONNumber((3 + next() * 30).rounded())), "unit": "g/10min", "standard": "ISO 1133",
                            "conditions": g % polymers.count == 0 ? ["temperature_C": 230, "load_kg": 2.16] : ["temperature_C": 190, "load_kg": 2.16]]]
        if recycled { o["recycled"] = ["form": "granulate", "colour": "black"] }
        return (.object(o), "g\(g)")
    }

    static let request: JSONValue = [
        "id": "bench", "polymer": "PP", "massKg": 2000,
        "constraints": [["property": "MFR", "min": 8, "max": 20, "unit": "g/10min"], ["property": "density", "max": 930, "unit": "kg/m3"],
                        ["property": "tensileModulus", "min": 1200, "unit": "MPa"]],
        "minRecycledShare": 0.3, "maxKgCO2ePerKg": 2.0, "deliveryPlace": ["lat": 35.6, "lon": 139.7],
    ]

    static func make(lots: Int) async throws -> (index: MaterialIndex, request: MaterialRequest, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junkan-bench-mat-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("m.sqlite").path)
        let grades = 60
        _ = try await store.putMaterials((0..<grades).map { MaterialRecord(kind: .grade, id: "g\($0)", owner: "o", json: JSONWriter.string(grade($0)), updatedAt: 0) },
                                         mode: .create)
        var rng: UInt64 = 11
        var batch: [MaterialRecord] = []
        for i in 0..<lots {
            let (json, g) = lot(i, grades: grades, rng: &rng)
            batch.append(MaterialRecord(kind: .lot, id: json.objectValue!["id"]!.stringValue!, owner: "o", grade: g, json: JSONWriter.string(json), updatedAt: 0))
            if batch.count == 10_000 { _ = try await store.putMaterials(batch, mode: .create); batch = [] }
        }
        if !batch.isEmpty { _ = try await store.putMaterials(batch, mode: .create) }
        let index = MaterialIndex(store: store, trace: TraceIndex(store: store))
        _ = try await index.snapshot()
        return (index, try MaterialRequest.decode(request), folder)
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 500)
    nonisolated(unsafe) var market: (index: MaterialIndex, request: MaterialRequest, folder: URL)?
    Benchmark("Matching: rank 100,000 lots for one request (snapshot + rank + JSON)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            let s = try await market!.index.snapshot()
            blackHole(JSONWriter.string(MaterialViews.matches(market!.request, LotMatcher.match(market!.request, profiles: s.profiles, keys: s.keys))))
        }
    } setup: {
        market = try await BigMarket.make(lots: 100_000)
    } teardown: {
        try? FileManager.default.removeItem(at: market!.folder)
    }

    nonisolated(unsafe) var small: (index: MaterialIndex, request: MaterialRequest, folder: URL)?
    Benchmark("Blend: 50 candidate lots (linear programme + footprint tie-break + JSON)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            let s = try await small!.index.snapshot()
            blackHole(JSONWriter.string(MaterialViews.blend(small!.request, BlendOptimizer.blend(small!.request, profiles: s.profiles, keys: s.keys))))
        }
    } setup: {
        // 300 lots of six polymers: 50 are PP, the request's candidates.
        small = try await BigMarket.make(lots: 300)
    } teardown: {
        try? FileManager.default.removeItem(at: small!.folder)
    }

    nonisolated(unsafe) var conflicting: (index: MaterialIndex, request: MaterialRequest, folder: URL)?
    Benchmark("Blend: 50 candidate lots, infeasible (conflict search)", configuration: config) { benchmark in
        var r = conflicting!.request
        r.minRecycledShare = 1
        r.maxKgCO2ePerKg = 0.4
        for _ in benchmark.scaledIterations {
            let s = try await conflicting!.index.snapshot()
            blackHole(BlendOptimizer.blend(r, profiles: s.profiles, keys: s.keys))
        }
    } setup: {
        conflicting = try await BigMarket.make(lots: 300)
    } teardown: {
        try? FileManager.default.removeItem(at: conflicting!.folder)
    }
}
