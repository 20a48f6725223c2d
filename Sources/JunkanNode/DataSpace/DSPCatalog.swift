import Foundation
public import JunkanCore
public import JunkanStore

/// The datasets this node offers through the Dataspace Protocol (issue 28, item 1), from what it holds: a passport of
/// every lot and item in the trace graph whose GS1 prefix a hosted organisation owns, and of their models; the events
/// of each such lot and its upstream; every published PACT footprint; each holder's circularity report per fiscal year
/// it has records for. The graph's part is kept per graph version, so a catalog request reads the graph once per
/// change, not once per dataset.
public actor DSPCatalog {
    let store: any NodeStore
    let trace: TraceIndex
    private var cached: (version: Int, ownership: IdentifierOwnership, datasets: [DSPDataset])?
    private var book: (records: [DatasetPolicyRecord], book: DSPPolicyBook)?

    public init(store: any NodeStore, trace: TraceIndex) { self.store = store; self.trace = trace }

    /// Every dataset, in a stable order (graph datasets by identifier, then footprints, then reports).
    public func datasets() async throws -> [DSPDataset] {
        async let footprints = footprintDatasets()
        async let reports = circularityDatasets()
        return try await graphDatasets() + footprints + reports
    }

    /// The policies read, parsed once for as long as they are the same records.
    public func policyBook(_ records: [DatasetPolicyRecord]) -> DSPPolicyBook {
        if let book, book.records == records { return book.book }
        let made = DSPPolicyBook(records: records)
        book = (records, made)
        return made
    }

    /// One dataset by ID, nil when this node has no such dataset: only the part of the catalog its kind is in is read.
    public func dataset(id: String) async throws -> DSPDataset? {
        let kind = id.hasPrefix(DSPDataset.prefix) ? id.dropFirst(DSPDataset.prefix.count).split(separator: ":").first.map(String.init) : nil
        switch kind.flatMap(DSPDataset.Kind.init(rawValue:)) {
        case .passport?, .events?: return try await graphDatasets().first { $0.id == id }
        case .footprint?: return try await footprintDatasets().first { $0.id == id }
        case .circularity?: return try await circularityDatasets().first { $0.id == id }
        case nil: return nil
        }
    }

    func graphDatasets() async throws -> [DSPDataset] {
        let graph = try await trace.snapshot()
        let ownership = try await store.identifierOwnership()
        if let cached, cached.version == graph.version, cached.ownership == ownership { return cached.datasets }
        var out: [DSPDataset] = []
        var models: [String: (DigitalLink, String)] = [:]
        for id in graph.ids.sorted() {
            guard let link = try? GS1Identifier.digitalLink(from: id), link.primaryKey.ai == "01",
                link.qualifier("10") != nil || link.qualifier("21") != nil, let owner = ownership.owner(of: link)
            else { continue }
            out.append(.of(.passport, link: link, organisationID: owner.organisationID, subject: id))
            if link.qualifier("21") == nil { out.append(.of(.events, link: link, organisationID: owner.organisationID, subject: id)) }
            if models[link.primaryKey.value] == nil, let model = try? DigitalLink(primaryKey: link.primaryKey) {
                models[link.primaryKey.value] = (model, owner.organisationID)
            }
        }
        for gtin in models.keys.sorted() {
            let (model, owner) = models[gtin]!
            out.append(.of(.passport, link: model, organisationID: owner))
        }
        cached = (graph.version, ownership, out)
        return out
    }

    func footprintDatasets() async throws -> [DSPDataset] {
        var out: [DSPDataset] = []
        var after: Int64 = 0
        while true {
            let page = try await store.pactFootprints(after: after, limit: 1_000)
            out += page.map { DSPDataset.footprint(id: $0.id, organisationID: $0.organisationID, subject: $0.subject) }
            guard page.count == 1_000, let last = page.last else { break }
            after = last.row
        }
        return out
    }

    func circularityDatasets() async throws -> [DSPDataset] {
        var out: [DSPDataset] = []
        for holder in try await store.circularityHolders() {
            let r = try await store.circularityRecords(organisations: [holder], prtrFiscalYear: nil)
            let years = Set(r.waste.map(\.fiscalYear) + r.collection.map(\.fiscalYear) + r.plasticWaste.map(\.fiscalYear) + r.sales.map(\.fiscalYear))
            out += years.sorted().map { DSPDataset.circularity(organisationID: holder, fiscalYear: $0) }
        }
        return out
    }
}
