import Foundation
package import JunkanCore
import JunkanLedger
package import JunkanStore

/// `GET /orgs/{id}`: an organisation's dashboard. Public: its events per month (a bar chart), the lots and items it
/// recorded that it owns, with footprint and recycled content and their passports, its product classes' passports, its
/// materials offers, and whether its latest events are in a checkpoint of the log. With its own token it also sees
/// whom it granted the use of its identifiers and who granted it theirs. An organisation not named publicly has no
/// public dashboard (the page would name what its passports do not): only its own token opens it.
package struct OrganisationPage: Sendable {
    /// The latest events read for the lists, and the most lots listed.
    static let recentEvents = 500
    static let lotLimit = 40
    static let chartMonths = 36

    package enum Outcome: Sendable, Equatable {
        case page(String)
        case unknown(String)
    }

    let store: any NodeStore
    let trace: TraceIndex

    package init(store: any NodeStore, trace: TraceIndex) { self.store = store; self.trace = trace }

    /// `viewer`: the organisation whose token the request carries, if any.
    package func render(id: String, viewer: Organisation?) async throws -> Outcome {
        let own = viewer?.id == id
        guard let organisation = try await store.organisation(id: id) else { return .unknown("no organisation \(id) on this node") }
        let unnamed = try await store.organisationsNotNamedOnPassports()
        guard own || !unnamed.contains(id) else {
            return .unknown("no organisation \(id) on this node")
        }
        async let monthsRead = store.eventsPerMonth(organisationID: id)
        async let ownershipRead = store.identifierOwnership()
        async let lotsRead = store.materials(.lot)
        async let checkpointRead = store.latestCheckpoint()
        var q = EventQuery()
        q.organisationIDs = [id]
        q.direction = .descending
        q.perPage = Self.recentEvents
        let recent = try await store.events(matching: q).events
        async let leavesRead = store.leaves(eventHashes: recent.map(\.eventHash))
        let ownership = try await ownershipRead
        let graph = try await trace.snapshot()

        // The lots and items it recorded and owns, newest first.
        let lots = RecentSubjects.of(recent, limit: Self.lotLimit) { lot, _ in ownership.owner(of: lot)?.organisationID == id }.map {
            (id: $0.id, link: $0.link)
        }
        let footprints = FootprintCalculator(graph: graph).footprints(of: lots.map(\.id))
        var gtins: [String] = []
        let lotRows = lots.map { lot, link -> [String: Any] in
            if !gtins.contains(link.primaryKey.value) { gtins.append(link.primaryKey.value) }
            let figures = LotFigures(footprints[lot])
            var row: [String: Any] = [
                "label": ExplorerPage.label(lot), "id": lot, "explore": "/explore?id=" + PercentEncoding.encode(lot),
                "footprint": figures.footprintText(), "recycled": figures.recycledText(),
                "mass": footprints[lot].flatMap { $0.isOfKnownMass ? $0.massKg : nil }.map(LotFigures.mass) ?? "—"
            ]
            if let subject = PassportSubject(link) { row["passport"] = subject.resolverPath }
            return row
        }
        // Its product classes among them, read at once, listed in the order of the lots.
        let store = self.store
        let products = try await withThrowingTaskGroup(of: (Int, [String: String]?).self) { group in
            for (k, gtin) in gtins.enumerated() {
                group.addTask {
                    guard let record = try await store.product(gtin: gtin), record.owner == id else { return (k, nil) }
                    let name = (try? JSONParser.parse(Array(record.json.utf8)))?.objectValue?["name"]?.stringValue ?? "GTIN \(gtin)"
                    return (k, ["name": name, "gtin": gtin, "href": "/passports/01/" + gtin])
                }
            }
            var found: [(Int, [String: String])] = []
            for try await (k, product) in group { if let product { found.append((k, product)) } }
            return found.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let offers = try await lotsRead.filter { $0.owner == id && !$0.withdrawn }.sorted { $0.id < $1.id }.map {
            ["lot": MaterialPages.lotNumber($0.id), "grade": $0.grade ?? "—", "href": MaterialPages.href($0.id)]
        }
        // Its latest events in the log: under the latest checkpoint, or waiting for the next.
        let checkpoint = try await checkpointRead
        let leaves = try await leavesRead
        let logged = recent.filter { r in leaves[r.eventHash].map { $0.index < (checkpoint?.size ?? 0) } ?? false }.count
        let months = try await monthsRead
        var view: [String: Any] = [
            "title": organisation.name, "name": organisation.name, "id": id, "own": own,
            "eventCount": DisplayFormat.number(Double(months.reduce(0) { $0 + $1.count })), "chart": Self.chart(months),
            "lots": lotRows, "hasLots": !lotRows.isEmpty, "products": products, "hasProducts": !products.isEmpty,
            "offers": offers, "hasOffers": !offers.isEmpty, "offerCount": offers.count,
            "recentCount": recent.count, "logged": logged, "pending": recent.count - logged,
            "witnesses": checkpoint?.cosignatures.count ?? 0, "hasRecent": !recent.isEmpty, "did": "/orgs/\(id)/did.json"
        ]
        let prefixes = ownership.registrations.filter { $0.organisationID == id }.map(\.prefix).sorted()
        // Mustache shows a section for any string, even an empty one: no prefix, no key.
        if !prefixes.isEmpty { view["prefixes"] = prefixes.joined(separator: ", ") }
        if own {
            let names = Dictionary(try await store.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            view["given"] = ownership.grants.filter { $0.grantor == id }.map { "\(names[$0.grantee] ?? $0.grantee): \($0.scope)" }
            view["received"] = ownership.grants.filter { $0.grantee == id }.map { "\(names[$0.grantor] ?? $0.grantor): \($0.scope)" }
        }
        return .page(try PageTemplates.render(view, "organisation"))
    }

    /// Events per month as bars, the months from the first to the last with events (at most the last 36), a month
    /// without events drawn as none.
    static func chart(_ months: [MonthCount]) -> String {
        let (w, h, left, bottom) = (ChartFrame.width, ChartFrame.height, 44.0, 30.0)
        let title = "Events captured per month"
        guard let first = months.first, let last = months.last else { return ChartFrame.empty(id: "months", title: title, text: "No events captured yet.") }
        let counts = Dictionary(months.map { ($0.month, $0.count) }, uniquingKeysWith: +)
        var all: [String] = []
        var (y, m) = (Int(first.month.prefix(4)) ?? 2000, Int(first.month.suffix(2)) ?? 1)
        while true {
            let label = String(format: "%04d-%02d", y, m)
            all.append(label)
            if label >= last.month { break }
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        let shown = Array(all.suffix(chartMonths))
        let top = max(1, shown.map { counts[$0] ?? 0 }.max() ?? 1)
        var svg = ChartFrame.open(
            id: "months", title: title,
            desc: "\(months.reduce(0) { $0 + $1.count }) events from \(first.month) to \(last.month); the busiest month had \(top).")
        let slot = (w - left - 8) / Double(shown.count)
        svg += "<line class=\"grid\" x1=\"\(Int(left))\" y1=\"\(Int(h - bottom))\" x2=\"\(Int(w - 8))\" y2=\"\(Int(h - bottom))\"/>"
        svg += "<text class=\"axis\" x=\"\(Int(left - 6))\" y=\"16\" text-anchor=\"end\">\(top)</text>"
        for (i, month) in shown.enumerated() {
            let n = counts[month] ?? 0
            let bh = Double(n) / Double(top) * (h - bottom - 14)
            let x = left + Double(i) * slot
            if n > 0 {
                svg += String(
                    format: "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%@: %d</title></rect>", x + 1, h - bottom - bh,
                    max(1, slot - 2), bh, month, n)
            }
            if i == 0 || i == shown.count - 1 || (shown.count > 12 && month.hasSuffix("-01")) {
                svg += String(format: "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%@</text>", x + slot / 2, Int(h - 10), month)
            }
        }
        return svg + "</svg>"
    }
}
