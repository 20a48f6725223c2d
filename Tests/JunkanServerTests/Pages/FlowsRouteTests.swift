import Foundation
import HTTPTypes
import HummingbirdTesting
import JunkanCore
import JunkanTestSupport
import Testing

/// Issue 30, item 3: `/flows` adds up to the masses the captured events carry, in HTML, JSON and CSV alike.
@Suite struct FlowsRouteTests {
    typealias P = PagesRouteTests

    /// Σ of the quantities (kg) of one list over the chain's TransformationEvents.
    static func captured(_ list: String) -> [Double] {
        P.events.filter { $0.objectValue?["type"]?.stringValue == "TransformationEvent" }.map { e in
            (e.objectValue?[list]?.arrayValue ?? []).reduce(0) { $0 + ($1.objectValue?["quantity"]?.numberValue?.doubleValue ?? 0) }
        }
    }

    @Test(.temporaryStore) func theBandsAddUpToTheCapturedMasses() async throws {
        try await P.withChain { client in
            let answer = try await P.get(client, "/flows?format=json")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "application/json")
            let json = try JSONParser.parse(Array(answer.body.utf8))
            let flows = (json.objectValue?["flows"]?.arrayValue ?? []).compactMap { $0.objectValue }
            #expect(!flows.isEmpty)
            func kg(_ f: JSONObject) -> Double { f["massKg"]?.numberValue?.doubleValue ?? .nan }
            let exits: Set<String> = ["losses", "energy_recovery", "disposal"]
            // Every step's inputs reach its stage, and what it lost reaches `losses`: nothing else moved here.
            let inputs = Self.captured("inputQuantityList"), outputs = Self.captured("outputQuantityList")
            let intoStages = flows.filter { !exits.contains($0["to"]?.stringValue ?? "") }.reduce(0) { $0 + kg($1) }
            #expect(abs(intoStages - inputs.reduce(0, +)) < 1e-6, "\(intoStages)")
            let losses = zip(inputs, outputs).reduce(0) { $0 + max($1.0 - $1.1, 0) }
            let totals = try #require(json.objectValue?["totals"]?.objectValue)
            #expect(abs((totals["lossesKg"]?.numberValue?.doubleValue ?? 0) - losses) < 1e-6)
            #expect(abs((totals["massKg"]?.numberValue?.doubleValue ?? 0) - (inputs.reduce(0, +) + losses)) < 1e-6)
            // R, recycled from W by the cut-off step, re-enters in the compounding: 400 kg.
            #expect(totals["recycledKg"]?.numberValue?.doubleValue == 400)
            // The CSV has the same rows.
            let csv = try await P.get(client, "/flows?format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8; header=present")
            let rows = csv.body.split(separator: "\r\n").dropFirst()
            #expect(rows.count == flows.count)
            for (row, f) in zip(rows, flows) {
                let cells = row.split(separator: ",")
                #expect(cells[0] == f["from"]?.stringValue ?? "" && Double(cells[2]) == kg(f), "\(row)")
            }
            // The page: the diagram with its title, and the bands' table.
            let page = try await P.get(client, "/flows", headers: P.browser)
            #expect(page.status == .ok)
            #expect(page.body.contains("<title id=\"flows-title\">") && page.body.contains("<desc id=\"flows-desc\">"))
            #expect(page.body.contains("url(#recycled-hatch)"))
            #expect(page.body.contains("<td>Recycling</td><td class=\"text\">Other processing</td><td>400 kg</td><td>400 kg</td>"))
        }
    }

    @Test(.temporaryStore) func windowsAndFiltersAreCheckedAndApplied() async throws {
        try await P.withChain { client in
            // The chain is captured on 2023-11-14 (UTC): a window without it has nothing, and says so.
            let empty = try await P.get(client, "/flows?from=2030-01-01&to=2030-12-31", headers: P.browser)
            #expect(empty.status == .ok && empty.body.contains("class=\"empty\""))
            let inWindow = try JSONParser.parse(Array(try await P.get(client, "/flows?format=json&from=2023-11-14&to=2023-11-14").body.utf8))
            #expect(inWindow.objectValue?["flows"]?.arrayValue?.isEmpty == false)
            // A product class no event names: an empty diagram, not an error.
            let other = try JSONParser.parse(Array(try await P.get(client, "/flows?format=json&product=04912345000071").body.utf8))
            #expect(other.objectValue?["flows"]?.arrayValue?.isEmpty == true)
            #expect(other.objectValue?["product"]?.stringValue == "04912345000071")
            for bad in [
                "from=2024-13-01", "to=yesterday", "from=2024-02-01&to=2024-01-01", "product=04912345000072", "product=12",
                "polymer=XYZ", "format=xml", "colour=red"
            ] {
                let a = try await P.get(client, "/flows?" + bad)
                #expect(a.status == .badRequest, "\(bad)")
                #expect(a.headers[.contentType] == "application/problem+json", "\(bad)")
            }
            let page = try await P.get(client, "/flows?from=2024-13-01", headers: P.browser)
            #expect(page.status == .badRequest && page.body.contains("YYYY-MM-DD"))
        }
    }
}
