public import JunkanCore
public import JunkanStore

/// Junkan's model as the Ouranos data-transaction API sees it (issue 28, item 5; docs/ouranos.md, field by field):
/// organisations are operators, the GLNs of their sites plants, their lots and items parts (each a trace), the step that
/// made a lot its parts structure, and a lot's trace-graph footprint its CFP, split into the API's pre-production and
/// main-production parts, own and from components. Built from one snapshot of the trace graph; nothing of it is stored
/// but the operators' and plants' names and addresses.
public struct OuranosView: Sendable {
    public let graph: TraceGraph
    public let ownership: IdentifierOwnership
    public let organisations: [String: Organisation]
    public let accounts: [String: OuranosAccount]
    public let plants: [String: OuranosPlant]
    public let baseURL: String
    /// Each organisation's parts, sorted as the API sorts them; built once per view (a request), read by every lookup.
    let partsByOrganisation: [String: [Part]]

    public init(
        graph: TraceGraph, ownership: IdentifierOwnership, organisations: [Organisation], accounts: [OuranosAccount], plants: [OuranosPlant],
        baseURL: String
    ) {
        self.graph = graph
        self.ownership = ownership
        self.organisations = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.accounts = Dictionary(accounts.map { ($0.organisationID, $0) }, uniquingKeysWith: { a, _ in a })
        self.plants = Dictionary(plants.map { ($0.gln, $0) }, uniquingKeysWith: { a, _ in a })
        self.baseURL = baseURL
        var byOrganisation: [String: [Part]] = [:]
        for id in graph.ids {
            guard let p = Self.part(id, graph: graph, ownership: ownership), let org = p.organisationID else { continue }
            byOrganisation[org, default: []].append(p)
        }
        partsByOrganisation = byOrganisation.mapValues { list in
            list.sorted { ($0.gtin, $0.qualifier, $0.traceID) < ($1.gtin, $1.qualifier, $1.traceID) }
        }
    }

    /// A lot or item of the graph as an Ouranos part.
    public struct Part: Sendable, Equatable {
        public var traceID: String
        /// The identifier as the graph has it.
        public var id: String
        public var gtin: String
        /// The lot number or serial (`supportPartsName`).
        public var qualifier: String
        /// The organisation owning its GS1 Company Prefix; nil when no organisation here owns it.
        public var organisationID: String?
        /// The GLN of the site that made (or created) it, when the event names one.
        public var gln: String?
        /// No traced step made it here (`terminatedFlag`).
        public var terminated: Bool
    }

    public func part(_ id: String) -> Part? { Self.part(id, graph: graph, ownership: ownership) }

    static func part(_ id: String, graph: TraceGraph, ownership: IdentifierOwnership) -> Part? {
        guard let link = try? GS1Identifier.digitalLink(from: id), link.primaryKey.ai == "01",
            let qualifier = link.qualifier("10") ?? link.qualifier("21")
        else { return nil }
        let producers = graph.producers(of: id)
        var site = producers.compactMap { graph.steps[$0].site }.first
        if site == nil { site = graph.declaration(of: id)?.site }
        return Part(
            traceID: OuranosIDs.traceID(link.canonicalURI), id: id, gtin: link.primaryKey.value, qualifier: qualifier,
            organisationID: ownership.owner(of: link)?.organisationID, gln: site.flatMap(Self.gln), terminated: producers.isEmpty)
    }

    /// The organisation's parts, by part number (`partsName`), then lot, as the API sorts them.
    public func parts(of organisationID: String) -> [Part] { partsByOrganisation[organisationID] ?? [] }

    public func part(traceID: String, of organisationID: String) -> Part? { parts(of: organisationID).first { $0.traceID == traceID } }

    /// A GLN from a site as the graph keeps it (`https://id.gs1.org/414/{gln}[/254/{ext}]`, or an SGLN URN).
    static func gln(_ site: String) -> String? {
        guard let link = try? GS1Identifier.digitalLink(from: site), link.primaryKey.ai == "414" else { return nil }
        return link.primaryKey.value
    }

    /// The operator of an organisation, or of an identifier no organisation here owns (by its GS1 Company Prefix).
    func operatorID(_ p: Part) -> String {
        p.organisationID.map(OuranosIDs.operatorID) ?? OuranosIDs.uuid("operator", "unowned:" + p.gtin)
    }

    /// The plant of a part: its site's GLN, or the operator's plant of unrecorded sites.
    func plantID(_ p: Part) -> String { p.gln.map(OuranosIDs.plantID) ?? OuranosIDs.uuid("plant", "unrecorded:" + operatorID(p)) }

    // MARK: JSON, as the fixture's component schemas define it

    /// `traceability.OperatorModel`.
    public func operatorJSON(_ organisationID: String) -> JSONValue? {
        guard let org = organisations[organisationID] else { return nil }
        let account = accounts[organisationID]
        return .object(
            JSONObject([
                ("operatorId", .string(OuranosIDs.operatorID(org.id))), ("operatorName", .string(String(org.name.prefix(256)))),
                ("operatorAddress", .string(account?.address ?? Self.unrecorded)),
                ("openOperatorId", .string(account?.openOperatorID ?? String(org.id.prefix(20)))),
                (
                    "operatorAttribute",
                    .object(JSONObject([("globalOperatorId", .string(account?.globalOperatorID ?? DIDWeb.organisation(baseURL: baseURL, id: org.id)))]))
                )
            ]))
    }

    public static let unrecorded = "not recorded (junkan org ouranos)"

    /// `traceability.PlantModel`s of an organisation: the sites of its parts and the plants it named.
    public func plantsJSON(_ organisationID: String) -> [JSONValue] {
        var glns = Set(plants.values.filter { $0.organisationID == organisationID }.map(\.gln))
        var unrecorded = false
        for p in parts(of: organisationID) {
            if let g = p.gln { glns.insert(g) } else { unrecorded = true }
        }
        let operatorID = OuranosIDs.operatorID(organisationID)
        var out: [JSONValue] = glns.sorted().map { g in
            let named = plants[g]
            return .object(
                JSONObject([
                    ("plantId", .string(OuranosIDs.plantID(g))), ("operatorId", .string(operatorID)), ("openPlantId", .string(g)),
                    ("plantName", .string(named?.name ?? "GLN \(g)")), ("plantAddress", .string(named?.address ?? Self.unrecorded)),
                    ("plantAttribute", .object(JSONObject([("globalPlantId", .string("https://id.gs1.org/414/" + g))])))
                ]))
        }
        if unrecorded {
            out.append(
                .object(
                    JSONObject([
                        ("plantId", .string(OuranosIDs.uuid("plant", "unrecorded:" + operatorID))), ("operatorId", .string(operatorID)),
                        ("openPlantId", .string("000000")), ("plantName", .string("sites not recorded in the events")),
                        ("plantAddress", .string(Self.unrecorded)), ("plantAttribute", .object(JSONObject([("globalPlantId", .null)])))
                    ])))
        }
        return out
    }

    /// `traceability.PartsModel`; `amount` is the amount per unit of a parent, in a structure.
    public func partJSON(_ p: Part, amount: Double? = nil) -> JSONValue {
        .object(
            JSONObject([
                ("traceId", .string(p.traceID)), ("operatorId", .string(operatorID(p))), ("plantId", .string(plantID(p))),
                ("partsName", .string(p.gtin)), ("supportPartsName", .string(String(p.qualifier.prefix(50)))),
                ("terminatedFlag", .bool(p.terminated)), ("amountRequired", amount.map { .number(JSONNumber(Self.fivePlaces($0))) } ?? .null),
                ("amountRequiredUnit", .string("kilogram")), ("partsLabelName", .null), ("partsAddInfo1", .null), ("partsAddInfo2", .null),
                ("partsAddInfo3", .null)
            ]))
    }

    /// `traceability.PartsStructureModel`: the part and the inputs of the step that made it, each with its mass per kg
    /// of the part (at most 50, the heaviest, as the API allows).
    public func structureJSON(_ p: Part) -> JSONValue {
        var children: [(Part, Double?)] = []
        for t in graph.producers(of: p.id) {
            let step = graph.steps[t]
            let out = step.outputs.first { CBVCanonical.identifier($0.id) == p.id || $0.id == p.id }?.massKg
            for input in step.inputs {
                guard let child = part(input.id) else { continue }
                let amount = out.flatMap { o in input.massKg.map { $0 / o } }
                children.append((child, amount.flatMap { $0 <= Self.maxAmount ? $0 : nil }))
            }
        }
        children.sort { ($0.1 ?? 0, $1.0.traceID) > ($1.1 ?? 0, $0.0.traceID) }
        return .object(
            JSONObject([
                ("parentPartsModel", partJSON(p)), ("childrenPartsModel", .array(children.prefix(50).map { partJSON($0.0, amount: $0.1) }))
            ]))
    }

    /// The API's numbers have five decimals at most and stay under 100,000.
    static let maxAmount = 99_999.99999
    static func fivePlaces(_ x: Double) -> Double { (x * 100_000).rounded(.up) / 100_000 }

    /// The CFP of a part, split (docs/ouranos.md): its operator's step that made it (`mainProduction`), its operator's
    /// earlier steps (`preProduction`), the steps of other operators that made its inputs (`mainComponent`), and the rest
    /// upstream with the raw materials' declared factors (`preComponent`); the totals equal them (the footprint already
    /// includes every component). kg CO2e per kg of the part; nil when the graph cannot compute its footprint.
    public func cfp(_ p: Part) -> [(type: String, value: Double)]? {
        let made = Set(graph.producers(of: p.id))
        let inputs = Set(made.flatMap { graph.steps[$0].inputs.map(\.id) })
        let owner = p.organisationID
        let split = FootprintBreakdown.split(of: p.id, in: graph, groups: 4, declaredGroup: 3) { step in
            let stepOwner = step.outputs.first.flatMap { ownership.owner(of: $0.id)?.organisationID }
            if stepOwner == owner && owner != nil { return step.outputs.contains { $0.id == p.id } ? 0 : 1 }
            return step.outputs.contains { inputs.contains($0.id) } ? 2 : 3
        }
        guard let split, graph.node(p.id) != nil else { return nil }
        let (mainProduction, preProduction, mainComponent, preComponent) = (split[0], split[1], split[2], split[3])
        return [
            ("preProduction", preProduction), ("mainProduction", mainProduction), ("preComponent", preComponent), ("mainComponent", mainComponent),
            ("preProductionTotal", preProduction), ("mainProductionTotal", mainProduction), ("preComponentTotal", preComponent),
            ("mainComponentTotal", mainComponent)
        ]
    }

    /// `traceability.CfpModel`s of a part.
    public func cfpJSON(_ p: Part) -> [JSONValue] {
        guard let split = cfp(p) else { return [] }
        return split.map { type, value in
            let stage = type.hasPrefix("pre") ? "preProcessing" : "mainProcessing"
            return .object(
                JSONObject([
                    ("cfpId", .string(OuranosIDs.uuid("cfp", p.traceID))), ("traceId", .string(p.traceID)), ("cfpType", .string(type)),
                    ("ghgEmission", value <= Self.maxAmount ? .number(JSONNumber(Self.fivePlaces(max(0, value)))) : .null),
                    ("ghgDeclaredUnit", .string("kgCO2e/kilogram")), ("dqrType", .string(type.hasSuffix("Total") ? stage + "Total" : stage)),
                    // Junkan does not rate data quality as TeR, GeR, TiR (docs/ouranos.md): not disclosed, as the API allows.
                    ("dqrValue", .object(JSONObject([("TeR", .null), ("GeR", .null), ("TiR", .null)])))
                ]))
        }
    }
}
