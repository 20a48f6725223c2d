import Benchmark
import Foundation
import JunkanCore
import JunkanNode
import JunkanSQLite

/// Issue 6: the circularity report of one fiscal year from a database of 10 years × 1,000 sites × 50 waste rows
/// (500,000 rows), with collection, plastic waste, sales, targets and PRTR rows beside them. The report reads the
/// per-year sums an import keeps; the page adds the ten-year trend and renders the charts.
enum BigCircularity {
    static let years = 2014...2023

    static func make() async throws -> (store: SQLiteStore, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junkan-bench-circ-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("c.sqlite").path)
        var rng: UInt64 = 7
        func next() -> Double { rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Double(rng >> 40) / Double(1 << 24) }
        let categories = WasteCategory.allCases, treatments = WasteTreatment.allCases
        for year in years {
            var r = CircularityRecords()
            for site in 0..<1000 {
                for row in 0..<50 {
                    r.waste.append(
                        WasteRecord(
                            fiscalYear: year, site: "site-\(site)", region: site % 5 == 0 ? .overseas : .domestic,
                            category: categories[row % 3], subcategory: "sub-\(row / 6)", treatment: treatments[row % 6],
                            massT: (next() * 1000).rounded() / 10))
                }
                r.prtr.append(PRTRRecord(fiscalYear: year, site: "site-\(site)", substance: "toluene", cas: "108-88-3", handledKg: 100, consumedKg: 100))
            }
            for type in ["pc", "server", "printer", "mainframe", "other"] {
                r.collection.append(
                    CollectionRecord(
                        fiscalYear: year, productType: type, collectedT: 100, reusedT: 5, partsReusedT: 5,
                        materialRecycledT: 80, thermalRecycledT: 8, disposedT: 2))
            }
            r.plasticWaste.append(PlasticWasteRecord(fiscalYear: year, scope: "group", massT: 600 + Double(year - 2014)))
            r.sales.append(SalesRecord(fiscalYear: year, scope: "group", netSalesMillionJPY: 3_700_000))
            for file in [CircularityFile.waste, .collection, .plasticWaste, .sales, .prtr] {
                _ = try await store.importCircularity(file, records: r, organisationID: "bench", sha256: "", importedBy: "bench", at: 0)
            }
        }
        let targets = CircularityRecords(targets: [
            TargetRecord(indicator: .wasteTotal, scope: "group", baseYear: 2014, targetYear: 2025, targetChangePct: -5, basis: .absolute),
            TargetRecord(indicator: .plasticWaste, scope: "group", baseYear: 2014, targetYear: 2025, targetChangePct: -2.8, basis: .perSales),
            TargetRecord(indicator: .wasteRecyclingRate, scope: "group", baseYear: 2014, targetYear: 2025, targetChangePct: 1, basis: .absolute)
        ])
        _ = try await store.importCircularity(.targets, records: targets, organisationID: "bench", sha256: "", importedBy: "bench", at: 0)
        return (store, folder)
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 200)
    nonisolated(unsafe) var data: (store: SQLiteStore, folder: URL)?
    Benchmark("Circularity report JSON, 10 years x 1,000 sites x 50 rows", configuration: config) { benchmark in
        let reporter = CircularityReporter(store: data!.store, trace: nil)
        for _ in benchmark.scaledIterations {
            blackHole(JSONWriter.string(CircularityJSON.report(try await reporter.report(fiscalYear: 2023))))
        }
    } setup: {
        data = try await BigCircularity.make()
    } teardown: {
        try? FileManager.default.removeItem(at: data!.folder)
    }
    Benchmark("Circularity data-book page, 10 years x 1,000 sites x 50 rows", configuration: config) { benchmark in
        let reporter = CircularityReporter(store: data!.store, trace: nil)
        for _ in benchmark.scaledIterations {
            blackHole(try await reporter.page(fiscalYear: 2023))
        }
    } setup: {
        data = try await BigCircularity.make()
    } teardown: {
        try? FileManager.default.removeItem(at: data!.folder)
    }
}
