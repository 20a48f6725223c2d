import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print a report computed from the node's database.", subcommands: [Circularity.self])

    struct Circularity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "circularity",
            abstract: "The circularity report of a fiscal year: JSON (as GET /reports/circularity), CSV or the HTML data book.",
            discussion: "CSV is the JSON report flattened to figure,value lines (e.g. waste.byCategory.general,1234.5), unrounded.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, html }

        @Option(help: "The fiscal year.") var fiscalYear: Int
        @Option(help: "Whose records: an organisation's id (default: the one organisation holding records).") var organisation: String?
        @Option(help: "A consolidated report of the organisations that joined this group (junkan org group join).") var group: String?
        @Option(help: "json, csv or html.") var format: Format = .json
        @Option(help: "The month a fiscal year starts (4: April–March), for collection figures from captured events.")
        var fiscalYearStart: Int = 4
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            guard FiscalCalendar.years.contains(fiscalYear) else { throw ValidationError("--fiscal-year must be a year such as 2023") }
            guard (1...12).contains(fiscalYearStart) else { throw ValidationError("--fiscal-year-start must be a month, 1 to 12") }
            guard organisation == nil || group == nil else { throw ValidationError("give --organisation or --group, not both") }
        }

        var scope: CircularityScope { organisation.map { .organisation($0) } ?? group.map { .group($0) } ?? .onlyHolder }

        func run() async throws {
            let store = try await db.open()
            let reporter = CircularityReporter(store: store, trace: TraceIndex(store: store), calendar: FiscalCalendar(startMonth: fiscalYearStart))
            switch format {
            case .json: print(JSONWriter.string(try await reporter.reportJSON(fiscalYear: fiscalYear, scope: scope)))
            case .csv: print(CircularityJSON.flatCSV(try await reporter.reportJSON(fiscalYear: fiscalYear, scope: scope)), terminator: "")
            case .html: print(try await reporter.page(fiscalYear: fiscalYear, scope: scope))
            }
        }
    }
}
