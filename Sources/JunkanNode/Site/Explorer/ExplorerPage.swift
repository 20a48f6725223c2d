import Foundation
package import JunkanCore
package import JunkanLedger
package import JunkanStore

/// `GET /explore?id=…`: a lot's or item's trace graph as a picture and as tables (ExplorerGraph chooses what is
/// shown, ExplorerSVG draws it). Each lot carries the company that owns its identifier, its country of origin, mass,
/// recycled share and footprint; each step its bizStep, site, time, emissions, event hash and whether its log proof
/// verifies here (or which peer node vouches for it, with its own proof).
package struct ExplorerPage: Sendable {
    package static let defaultDepth = 6
    package static let maxDepth = 50
    /// The most steps one page draws: a larger graph continues on the pages of its collapsed lots (the page stays
    /// under 1 MB; the benchmark measures it).
    package static let stepLimit = 200
    package static let lotLimit = 300

    package enum Outcome: Sendable, Equatable {
        case page(String)
        case unknown(String)
    }

    let store: any NodeStore
    let trace: TraceIndex
    let federation: FederatedTrace?
    let reader: LogReader
    let logKey: NoteVerifierKey?

    package init(store: any NodeStore, trace: TraceIndex, federation: FederatedTrace?, reader: LogReader, logKey: NoteVerifierKey?) {
        self.store = store; self.trace = trace; self.federation = federation; self.reader = reader; self.logKey = logKey
    }

    /// `id` canonical (as the trace graph keeps it), or nil for the page's form alone.
    package func render(id: String?, depth: Int, direction: ExplorerGraph.Direction) async throws -> Outcome {
        var view: [String: Any] = [
            "title": "Trace explorer", "depth": depth,
            "directions": ExplorerGraph.Direction.allCases.map { ["value": $0.rawValue, "selected": $0 == direction] },
            "id": id ?? ""
        ]
        guard let id else {
            view["latest"] = try await HomePage.latestSubjects(store: store)
            view["hasLatest"] = !((view["latest"] as? [Any])?.isEmpty ?? true)
            return .page(try PageTemplates.render(view, "explorer"))
        }
        let local = try await trace.snapshot()
        var graph = local
        var origins: [String: FederatedTrace.Origin] = [:]
        var gaps: [String] = []
        if direction != .downstream, let federation {
            let walked = try await federation.walk(local: local, id: id, direction: .upstream, depth: depth)
            (graph, origins) = (walked.graph, walked.origins)
            gaps = walked.tombstones.map { "\($0.node): \($0.reason)" }
        }
        guard
            let shown = ExplorerGraph(
                graph: graph, subject: id, direction: direction, depth: depth, stepLimit: Self.stepLimit, lotLimit: Self.lotLimit)
        else {
            return .unknown("no captured event here or at a peer mentions \(id)")
        }
        async let ownershipRead = store.identifierOwnership()
        async let organisationsRead = store.organisations()
        async let unnamedRead = store.organisationsNotNamedOnPassports()
        let localHashes = shown.steps.map { graph.steps[$0.index].eventHash }.filter { origins[$0] == nil }
        async let proofsRead = reader.proofs(eventHashes: localHashes, skippingUnknown: true)
        let footprints = FootprintCalculator(graph: graph).footprints(of: shown.lots.map(\.id))
        let ownership = try await ownershipRead
        let unnamed = try await unnamedRead
        let names = Dictionary(
            try await organisationsRead.map { ($0.id, unnamed.contains($0.id) ? "organisation not named" : $0.name) }, uniquingKeysWith: { a, _ in a })
        let proofs = try await proofsRead
        let siteNames = try await siteNames(of: shown.steps.map { graph.steps[$0.index] }.filter { origins[$0.eventHash] == nil }, ownership: ownership)

        var companies: [String] = []
        func company(_ lot: String) -> Int? {
            guard let owner = ownership.owner(of: lot)?.organisationID else { return nil }
            let name = names[owner] ?? "organisation \(owner)"
            if let k = companies.firstIndex(of: name) { return k }
            companies.append(name)
            return companies.count - 1
        }
        func explore(_ lot: String) -> String {
            "/explore?id=" + PercentEncoding.encode(lot) + (depth == Self.defaultDepth ? "" : "&depth=\(depth)")
                + (direction == .both ? "" : "&direction=\(direction.rawValue)")
        }
        // Each identifier is read once (a lot is named in the picture, its row and the rows of the steps around it).
        var labels: [String: String] = [:]
        func name(_ lot: String) -> String {
            if let known = labels[lot] { return known }
            let made = Self.label(lot)
            labels[lot] = made
            return made
        }
        var lotViews: [ExplorerSVG.LotView] = []
        var lotRows: [[String: Any]] = []
        for lot in shown.lots {
            let declaration = graph.declaration(of: lot.id)
            let made = graph.producers(of: lot.id).flatMap { graph.steps[$0].outputs.filter { $0.id == lot.id }.compactMap(\.massKg) }
            let massKg = declaration?.massKg ?? (made.isEmpty ? nil : made.reduce(0, +))
            let figures = LotFigures(footprints[lot.id])
            let c = company(lot.id)
            let passport = (try? DigitalLink.parse(lot.id)).flatMap { $0.primaryKey.ai == "01" ? PassportSubject($0)?.resolverPath : nil }
            let mass = massKg.map(LotFigures.mass) ?? "mass not given"
            let companyName = c.map { companies[$0] } ?? "owner not registered"
            lotViews.append(
                .init(
                    label: name(lot.id), company: companyName,
                    figures: [mass, figures.recycledText(" rec.", unknown: "rec. ?"), declaration?.countryOfOrigin].compactMap { $0 }
                        .joined(separator: " · "),
                    footprint: figures.footprintText(unknown: "footprint unknown"), companyIndex: c,
                    explore: explore(lot.id), passport: passport, collapsed: lot.collapsed, subject: lot.id == id))
            lotRows.append([
                "id": lot.id, "label": name(lot.id), "company": companyName, "country": declaration?.countryOfOrigin ?? "—", "mass": mass,
                "recycled": figures.recycledText(), "footprint": figures.footprintText(unknown: "footprint unknown"), "explore": explore(lot.id),
                "passport": passport ?? "", "hasPassport": passport != nil, "collapsed": lot.collapsed, "subject": lot.id == id
            ])
            if let grade = declaration?.materialGrade { lotRows[lotRows.count - 1]["grade"] = grade }
        }
        var opened: [String: Result<Checkpoint, LedgerError>] = [:]
        var stepViews: [ExplorerSVG.StepView] = []
        var stepRows: [[String: Any]] = []
        for s in shown.steps {
            let step = graph.steps[s.index]
            let mark = proofMark(step.eventHash, origin: origins[step.eventHash], proof: proofs[step.eventHash], opened: &opened)
            let label = step.bizStep.map(PassportAssembler.bizStepName) ?? step.kind.rawValue.capitalized
            let date = String(ISO8601Timestamp.utcString(epochMilliseconds: step.eventTime).prefix(10))
            stepViews.append(.init(label: label, date: date, anchor: ExplorerAnchor.step(step.eventHash), proofMark: mark.short))
            func flows(_ list: [TraceStep.Flow]) -> String {
                list.map { name($0.id) + ($0.massKg.map { " " + LotFigures.mass($0) } ?? "") }.joined(separator: ", ")
            }
            stepRows.append([
                "anchor": ExplorerAnchor.step(step.eventHash), "time": ISO8601Timestamp.utcString(epochMilliseconds: step.eventTime),
                "label": label, "site": step.site ?? "—", "inputs": flows(step.inputs), "outputs": flows(step.outputs),
                "emissions": step.ghgEmissions == 0 ? "—" : DisplayFormat.number(step.ghgEmissions, decimals: step.ghgEmissions < 10 ? 1 : 0) + " kg CO2e",
                "hash": step.eventHash, "proof": mark.long, "verified": mark.verified, "eventID": step.eventID
            ])
            // Mustache shows a section for any string, empty or not: a key is absent where there is nothing to link.
            if origins[step.eventHash] == nil { stepRows[stepRows.count - 1]["eventHref"] = "/events/" + PercentEncoding.encode(step.eventID) }
            if let siteName = siteNames[step.eventID] { stepRows[stepRows.count - 1]["siteName"] = siteName }
        }
        // The table reads in time order (the picture is laid out by steps from the subject).
        stepRows.sort { ($0["time"] as? String ?? "") < ($1["time"] as? String ?? "") }
        let subjectLabel = Self.label(id)
        let svg = ExplorerSVG.draw(
            shown, graph: graph, lots: lotViews, steps: stepViews, title: "Trace graph of \(subjectLabel)",
            description:
                "\(shown.lots.count) lots and items and \(shown.steps.count) steps, \(direction == .both ? "upstream and downstream" : direction.rawValue) "
                + "to \(depth) steps, left to right in time; boxes are coloured by the company that owns each identifier.")
        view["title"] = "Trace of \(subjectLabel)"
        view["subject"] = subjectLabel
        view["svg"] = svg
        view["lots"] = lotRows
        view["steps"] = stepRows
        view["hasSteps"] = !stepRows.isEmpty
        view["lotCount"] = shown.lots.count
        view["stepCount"] = shown.steps.count
        view["limited"] = shown.limited
        view["stepLimit"] = Self.stepLimit
        view["companies"] = companies.enumerated().map { ["name": $1, "colour": ExplorerSVG.palette[$0 % ExplorerSVG.palette.count]] }
        view["gaps"] = gaps.joined(separator: "; ")
        view["hasGaps"] = !gaps.isEmpty
        view["json"] = "/trace/upstream?id=" + PercentEncoding.encode(id)
        view["jsonDown"] = "/trace/downstream?id=" + PercentEncoding.encode(id)
        if let link = try? DigitalLink.parse(id), link.primaryKey.ai == "01", let subject = PassportSubject(link) { view["passport"] = subject.resolverPath }
        return .page(try PageTemplates.render(view, "explorer"))
    }

    /// The names of the steps' sites by event ID: master data of the site from an organisation that may speak for it
    /// (the step's own first: `SiteDirectory`, as on passports).
    func siteNames(of steps: [TraceStep], ownership: IdentifierOwnership) async throws -> [String: String] {
        var q = EventQuery()
        q.eventIDs = steps.filter { $0.site != nil }.map(\.eventID)
        guard !q.eventIDs.isEmpty else { return [:] }
        q.perPage = q.eventIDs.count
        let records = try await store.events(matching: q).events
        var recorders: [String: Set<String>] = [:]
        for r in records { if let site = r.bizLocation ?? r.readPoint { recorders[site, default: []].insert(r.organisationID) } }
        let sites = SiteDirectory(try await store.masterData(ids: Array(recorders.keys)), ownership: ownership, recorders: recorders)
        var names: [String: String] = [:]
        for r in records {
            if let name = (r.bizLocation ?? r.readPoint).flatMap({ sites.element($0, preferring: r.organisationID)?.siteName }) { names[r.eventID] = name }
        }
        return names
    }

    /// Whether a step's event is in a log whose proof verifies: this node's (checked here, against its own key) or the
    /// peer's that vouches for it (checked by the federation walk). `opened`: the checkpoints whose signature was
    /// checked already (all of a page's proofs are against the latest one: its signature is checked once).
    func proofMark(
        _ hash: String, origin: FederatedTrace.Origin?, proof: EventProof??, opened: inout [String: Result<Checkpoint, LedgerError>]
    ) -> (short: String, long: String, verified: Bool) {
        if let origin {
            return origin.verified
                ? ("✓ " + origin.node, "vouched for by \(origin.node): its log proof verifies", true)
                : ("✗ " + origin.node, "from \(origin.node): its log proof does not verify", false)
        }
        guard let leaf = proof else { return ("not in this log", "not a leaf of this node's log (a copy of another node's event)", false) }
        guard let proof = leaf else { return ("not yet logged", "not yet in a checkpoint of this node's log", false) }
        guard let logKey else { return ("in log", "in this node's log at leaf \(proof.proof.index) (no log key to check it with)", false) }
        let note = proof.proof.checkpoint
        let checked = opened[note] ?? Result { () throws(LedgerError) in try Checkpoint.open(note, logKey: logKey).0 }
        opened[note] = checked
        do {
            let checkpoint = try checked.get()
            try ProofVerification.verifyInclusion(
                index: proof.proof.index, size: checkpoint.size, leafHash: TreeHash.leaf(proof.leaf), proof: proof.proof.proof,
                root: checkpoint.root)
            let witnesses = proof.checkpoint.cosignatures.count
            return (
                "✓ logged",
                "leaf \(proof.proof.index) of checkpoint \(checkpoint.size): proof verifies"
                    + (witnesses > 0 ? ", \(witnesses) witness cosignature\(witnesses == 1 ? "" : "s")" : ""), true
            )
        } catch {
            return ("✗ proof fails", "leaf \(proof.proof.index): the proof does not verify (\(error))", false)
        }
    }

    /// A lot or item as people say it: `lot X`, `serial X` with its GTIN, or the identifier itself.
    static func label(_ id: String) -> String {
        guard let link = try? DigitalLink.parse(id) else { return id }
        if let serial = link.qualifier("21") { return "serial \(serial)" }
        if let lot = link.qualifier("10") { return "lot \(lot)" }
        return "\(link.primaryKey.ai == "01" ? "GTIN" : "(\(link.primaryKey.ai))") \(link.primaryKey.value)"
    }
}
