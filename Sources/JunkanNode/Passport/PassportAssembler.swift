import Foundation
package import JunkanCore
import JunkanLedger
package import JunkanStore

/// Builds a whole passport (every field, owner level) from what the node holds: the product class (`POST /products`,
/// or `junkan:productClass` in the ILMD of the subject's commissioning event), the trace graph (footprint, recycled
/// content, upstream steps), the events about the subject, the log (a proof per trail event) and the circularity
/// figures of its product type. `PassportService` redacts and caches it.
package struct PassportAssembler: Sendable {
    package let store: any NodeStore
    package let trace: TraceIndex
    package let reader: LogReader
    package let reporter: CircularityReporter
    package let calendar: FiscalCalendar
    /// Continues the subject's upstream into the peers (issue 27, item 5): their steps join the trail with their own
    /// nodes' proofs, and the footprint covers them. Nil: this node's graph only.
    package let federation: FederatedTrace?
    /// Whether this node's checkpoints are to be cosigned (it names witnesses): a passport whose proofs' checkpoint has no
    /// cosignature yet (its witnesses were down when it was made) is not complete, so it is assembled again when asked
    /// and gets the cosignatures once they are there.
    package let witnessed: Bool
    /// The substance checks of passports (its cache of read declarations shared by every assembly).
    let substances: SubstanceService
    /// At most this many trail entries (the most recent), so a passport of a long-lived lot stays readable.
    package static let trailLimit = 100

    package init(
        store: any NodeStore, trace: TraceIndex, reader: LogReader, reporter: CircularityReporter, calendar: FiscalCalendar,
        federation: FederatedTrace? = nil, witnessed: Bool = false
    ) {
        self.init(
            store: store, trace: trace, reader: reader, reporter: reporter, calendar: calendar, federation: federation, witnessed: witnessed,
            substances: SubstanceService(store: store, trace: trace))
    }

    private init(
        store: any NodeStore, trace: TraceIndex, reader: LogReader, reporter: CircularityReporter, calendar: FiscalCalendar,
        federation: FederatedTrace?, witnessed: Bool, substances: SubstanceService
    ) {
        self.store = store; self.trace = trace; self.reader = reader; self.reporter = reporter; self.calendar = calendar
        self.federation = federation; self.witnessed = witnessed; self.substances = substances
    }

    /// The same assembler on this node's graph alone.
    package var local: PassportAssembler {
        PassportAssembler(
            store: store, trace: trace, reader: reader, reporter: reporter, calendar: calendar, federation: nil, witnessed: witnessed,
            substances: substances)
    }

    package struct Assembled: Sendable {
        package var passport: Passport
        /// The organisation that owns the product class (or made the subject), and those it granted levels to.
        package var ownerID: String?
        package var grants: [ProductClass.Grant]
        package var graphVersion: Int
        package var complete: Bool  // every trail event has its proof (cosigned, when the node names witnesses)
        package var assembledAt: Int64
        /// Tells this assembly from any other of the same subject (renderings cached against it).
        package let nonce = UInt32.random(in: 0...UInt32.max)
        package var stamp: String { "\(graphVersion)-\(assembledAt)-\(nonce)" }
    }

    /// The passport of `subject` on `graph` (a snapshot of the trace index), as assembled at `at` (ms since the epoch).
    package func assemble(_ subject: PassportSubject, graph local: TraceGraph, at: Int64) async throws -> Assembled? {
        // The walk into the peers (on a node without peers, one read of them) runs beside the reads below.
        async let walkedRead = subject.granularity == .model ? nil : federation?.walk(local: local, id: subject.id, direction: .upstream, depth: 100)
        // The reads that do not depend on each other, at once: on PostgreSQL each is a round trip (issue 26).
        async let ownershipRead = store.identifierOwnership()
        async let recordRead = store.product(gtin: subject.gtin)
        async let ownRead = subject.granularity == .model ? [] : ownEvents(subject)
        async let unnamedRead = store.organisationsNotNamedOnPassports()
        // The maker is the owner of the GTIN's prefix (docs/ownership.md), and only it and its grantees speak for it: a
        // product class, production facts and ILMD recorded by anyone else are not the maker's, and not used as such.
        let walked = try await walkedRead
        let graph = walked?.graph ?? local
        let origins = walked?.origins ?? [:]
        let gaps = !(walked?.tombstones.isEmpty ?? true)
        let ownership = try await ownershipRead
        let classLink = "https://id.gs1.org/01/" + subject.gtin
        let makerID = ownership.owner(of: classLink)?.organisationID
        func speaksForMaker(_ organisationID: String) -> Bool {
            makerID != nil && ownership.speaksForOwner(organisationID: organisationID, identifier: subject.id)
        }
        let record = try await recordRead.flatMap { speaksForMaker($0.owner) ? $0 : nil }
        var product = try record.map { try ProductClass.parse(try JSONParser.parse($0.json)) }
        let own = try await ownRead
        let makers = own.filter { speaksForMaker($0.organisationID) }
        if product == nil { product = Self.productClassFromILMD(makers) }
        let inGraph = graph.contains(subject.id)
        // A model needs its product class; an item or lot must have been recorded (a product class makes no serials).
        guard subject.granularity == .model ? product != nil : inGraph || !own.isEmpty else { return nil }

        // What made or declared the subject counts only when the maker (or a grantee) recorded it.
        let makersEvents = Set(makers.map(\.eventID))
        let declaration = graph.declaration(of: subject.id).flatMap { makersEvents.contains($0.eventID) ? $0 : nil }
        let producer = graph.producers(of: subject.id).first.map { graph.steps[$0] }.flatMap { makersEvents.contains($0.eventID) ? $0 : nil }
        let firstOwn = makers.first { $0.action == "ADD" } ?? makers.first
        let productionTime = producer?.eventTime ?? declaration?.eventTime ?? firstOwn?.eventTime
        let productionSite = producer?.site ?? declaration?.site ?? firstOwn?.bizLocation ?? firstOwn?.readPoint
        let ownerID = makerID

        let calculator = FootprintCalculator(graph: graph)
        let footprint = inGraph ? calculator.footprint(of: subject.id) : nil
        let materials = Self.materials(product: product, declaration: declaration, footprint: footprint, calculator: calculator)

        var carbon: Passport.Carbon?
        var recycledFromTrace = footprint?.recycledContent
        if subject.granularity == .item, let unit = Self.perUnit(of: subject.id, graph: graph, calculator: calculator, massPerUnit: product?.totalMassKg) {
            carbon = unit.carbon
            recycledFromTrace = unit.recycled
        } else if let footprint, footprint.kgCO2ePerKg.isFinite {
            let steps = FootprintBreakdown.parts(of: subject.id, in: graph)?.compactMap { part -> Passport.StepContribution? in
                guard part.step == nil || part.kgCO2ePerKg != 0 else { return nil }
                return Passport.StepContribution(label: part.step.map(Self.stepLabel) ?? "Raw materials (declared factors)", kgCO2ePerKg: part.kgCO2ePerKg)
            }
            carbon = Passport.Carbon(
                kgCO2ePerKg: footprint.kgCO2ePerKg, massKg: footprint.massKg,
                primaryDataShare: footprint.primaryDataShare.isFinite ? footprint.primaryDataShare : 0,
                method: "Attributional cradle-to-gate over the trace graph (ISO 14067, PACT; docs/vocabulary.md)", byStep: steps)
        }

        var trail: [Passport.TrailEntry] = []
        var complete = true
        let unnamed = try await unnamedRead
        let records = try await trailRecords(subject, graph: graph, own: own)
        // The trail's proofs and the organisations it names, at once.
        async let proofsRead = reader.proofs(eventHashes: records.map(\.eventHash))
        let organisations = try await self.organisations(Set(records.map(\.organisationID) + [ownerID].compactMap { $0 }))
        let proofs = try await proofsRead
        var recorders: [String: Set<String>] = [:]
        for r in records { if let site = r.bizLocation ?? r.readPoint { recorders[site, default: []].insert(r.organisationID) } }
        let sites = SiteDirectory(
            try await store.masterData(ids: Array(Set(recorders.keys).union([productionSite].compactMap { $0 }))), ownership: ownership,
            recorders: recorders)
        for r in records {
            let found = proofs[r.eventHash] ?? nil
            let proof = found?.proof.text
            if proof == nil || (witnessed && found?.checkpoint.cosignatures.isEmpty == true) { complete = false }
            trail.append(
                Passport.TrailEntry(
                    eventID: r.eventID, eventHash: r.eventHash, eventTime: r.eventTime, type: r.type, bizStep: r.bizStep,
                    what: Self.what(r), site: r.bizLocation ?? r.readPoint,
                    organisation: organisations[r.organisationID]?.name, byMaker: speaksForMaker(r.organisationID),
                    organisationNamed: !unnamed.contains(r.organisationID), logProof: proof))
            trail[trail.count - 1].siteName = (r.bizLocation ?? r.readPoint).flatMap { sites.element($0, preferring: r.organisationID)?.siteName }
        }
        // The peers' steps, each with its own node's proof; a peer that could not be had, or whose checkpoint still awaits
        // its witnesses, is asked again next time.
        if gaps || origins.values.contains(where: \.awaitingCosignature) { complete = false }
        trail = Array(
            (trail + Self.remoteTrail(subject, graph: graph, origins: origins)).sorted { ($0.eventTime, $0.eventID) < ($1.eventTime, $1.eventID) }
                .suffix(Self.trailLimit))
        let owner = ownerID.flatMap { organisations[$0] }
        let makerName = owner?.name ?? "unknown maker"

        let recycled = recycledFromTrace ?? Self.weightedRecycledContent(materials)
        let circularity = try await circularityFigures(productType: product?.productType, recycled: recycled, maker: makerID)
        var durability = product?.durability
        if durability == nil, let d = declaration?.durability?.objectValue { durability = try? ProductClass.durability(d) }

        var identity = Passport.Identity(
            gtin: subject.gtin, serial: subject.link.qualifier("21"), lot: subject.link.qualifier("10"),
            name: product?.name ?? declaration?.materialGrade.map { "Material lot (\($0))" } ?? "GTIN \(subject.gtin)",
            description: product?.description, maker: Passport.Party(name: makerName, gln: product?.makerGLN, organisationID: owner?.id),
            productionDate: productionTime.map { String(Passport.isoTime($0).prefix(10)) }, productionSite: productionSite,
            countryOfProduction: declaration?.countryOfOrigin ?? product?.countryOfProduction)
        if let site = productionSite.flatMap({ sites.element($0, preferring: makerID) }) {
            (identity.productionSiteName, identity.productionSiteAddress) = (site.siteName, site.postalAddress)
        }
        var passport = Passport(
            id: subject.id, granularity: subject.granularity, level: .owner, identity: identity, materials: materials,
            substances: product?.substances, carbon: carbon, durability: durability, endOfLife: product?.endOfLife,
            trail: subject.granularity == .model ? nil : trail, circularity: circularity, policy: product?.access ?? AccessPolicy())
        passport.substancesPublicByLaw = Passport.substancesPublicByLaw(productType: product?.productType)
        passport.substanceCompliance = try await substanceCompliance(subject, isBattery: passport.substancesPublicByLaw != nil, at: at)
        return Assembled(
            passport: passport, ownerID: ownerID, grants: product?.grants ?? [], graphVersion: local.version, complete: complete,
            assembledAt: at)
    }

    /// The subject's check against the public restricted-substance lists (an organisation's own list is its own business,
    /// not the passport's), on this node's graph; nil when nothing upstream of it is declared (no section of unknowns).
    /// A list whose every entry applies to batteries only (`eu-batteries`) is checked for a battery only.
    func substanceCompliance(_ subject: PassportSubject, isBattery: Bool, at: Int64) async throws -> Passport.Compliance? {
        let service = substances
        let directory = try await service.lists()
        let lists = directory.ids.filter { directory.owners[$0] == nil }.compactMap { directory.lists[$0] }.filter { list in
            isBattery || !list.entries.allSatisfy { $0.scope?.lowercased().contains("batteries") == true }
        }
        let day = String(ISO8601Timestamp.utcString(epochMilliseconds: at).prefix(10))
        guard let check = try await service.check(subject.id, against: lists, on: day), !check.declarations.isEmpty else { return nil }
        return .of(check.reports, checkedOn: day)
    }

    /// The organisations of `ids` that exist, read at once.
    func organisations(_ ids: Set<String>) async throws -> [String: Organisation] {
        try await withThrowingTaskGroup(of: Organisation?.self) { group in
            for id in ids { group.addTask { try await store.organisation(id: id) } }
            var found: [String: Organisation] = [:]
            for try await o in group { if let o { found[o.id] = o } }
            return found
        }
    }

    /// An item made by a step whose outputs are counted, not weighed (serialised products): an equal share of the step's
    /// burden — its inputs' cradle-to-gate footprints and its own emissions — per unit made, split by upstream step.
    /// Per kg with the product class's mass, else the input mass per unit.
    package static func perUnit(
        of id: String, graph: TraceGraph, calculator: FootprintCalculator, massPerUnit: Double?
    )
        -> (carbon: Passport.Carbon, recycled: LotDeclaration.RecycledContent)?
    {
        guard let t = graph.producers(of: id).first else { return nil }
        let step = graph.steps[t]
        guard step.outputs.allSatisfy({ $0.massKg == nil }), !step.inputs.isEmpty else { return nil }
        let units = Double(step.outputs.count)
        var total = step.ghgEmissions, inputKg = 0.0, pre = 0.0, post = 0.0, primary = step.ghgEmissions
        var order: [String] = []
        var byStep: [String: Double] = [:]
        func add(_ label: String, _ kg: Double) {
            if byStep[label] == nil { order.append(label) }
            byStep[label, default: 0] += kg
        }
        for input in step.inputs {
            guard let kg = input.massKg, let f = calculator.footprint(of: input.id), f.kgCO2ePerKg.isFinite else { return nil }
            total += kg * f.kgCO2ePerKg
            inputKg += kg
            pre += kg * f.recycledContent.preConsumer
            post += kg * f.recycledContent.postConsumer
            primary += kg * f.kgCO2ePerKg * (f.primaryDataShare.isFinite ? f.primaryDataShare : 0)
            for part in FootprintBreakdown.parts(of: input.id, in: graph) ?? [] where part.kgCO2ePerKg != 0 {
                add(part.step.map(stepLabel) ?? "Raw materials (declared factors)", kg * part.kgCO2ePerKg)
            }
        }
        add(stepLabel(step), step.ghgEmissions)
        let perUnitKg = massPerUnit ?? inputKg / units
        guard perUnitKg > 0, inputKg > 0 else { return nil }
        let perKg = total / units / perUnitKg
        let steps = order.map { Passport.StepContribution(label: $0, kgCO2ePerKg: byStep[$0]! / units / perUnitKg) }
        let carbon = Passport.Carbon(
            kgCO2ePerKg: perKg, massKg: perUnitKg, primaryDataShare: total > 0 ? primary / total : 0,
            method: "Attributional cradle-to-gate over the trace graph (ISO 14067, PACT); the \(Int(units)) units the "
                + "\(stepLabel(step).lowercased()) step made share its burden equally", byStep: steps)
        return (carbon, .init(preConsumer: pre / inputKg, postConsumer: post / inputKg))
    }

    /// Events naming the subject itself (as an EPC, or as an EPC class for a lot), oldest first.
    package func ownEvents(_ subject: PassportSubject) async throws -> [EventRecord] {
        var q = Self.ownEventsQuery(subject)
        q.orderBy = .eventTime
        q.perPage = Self.trailLimit
        return try await store.events(matching: q).events
    }

    static func ownEventsQuery(_ subject: PassportSubject) -> EventQuery {
        var q = EventQuery()
        let roles: [EPCISEvent.IdentifierRole] =
            subject.granularity == .item
            ? [.epc, .parent, .child, .input, .output]
            : [.epcClass, .childClass, .inputClass, .outputClass]
        q.identifierMatches = [(roles: roles, values: [.init(value: subject.id, isPrefix: false)])]
        return q
    }

    /// The hashes of the subject's own events recorded from a minute before `assembledAt` on, newest first (at most
    /// 100): a new event about the subject changes them. The minute covers captures still being committed when the
    /// passport was assembled (their record time is set before their commit).
    package func recentEventHashes(_ subject: PassportSubject, assembledAt: Int64) async throws -> [String] {
        guard subject.granularity != .model else { return [] }
        var q = Self.ownEventsQuery(subject)
        q.recordTimeFrom = assembledAt - 60_000
        q.orderBy = .recordTime
        q.direction = .descending
        q.perPage = 100
        return try await store.events(matching: q).events.map(\.eventHash)
    }

    /// The subject's upstream steps (from the graph) and its own events, oldest first, each once.
    package func trailRecords(_ subject: PassportSubject, graph: TraceGraph, own: [EventRecord]) async throws -> [EventRecord] {
        var byID: [String: EventRecord] = [:]
        for r in own { byID[r.eventID] = r }
        if let upstream = Provenance(graph: graph, id: subject.id, direction: .upstream, depth: 16) {
            var ids: [String] = []
            func walk(_ n: Provenance.Node) {
                // The event that declared a lot no traced step makes (a raw material's commissioning).
                if let d = n.declaration { ids.append(d.eventID) }
                for s in n.steps {
                    ids.append(s.step.eventID)
                    s.nodes.forEach(walk)
                }
            }
            walk(upstream.root)
            var q = EventQuery()
            q.eventIDs = Array(Set(ids).subtracting(byID.keys).prefix(max(0, Self.trailLimit * 2 - byID.count)))
            q.perPage = max(q.eventIDs.count, 1)
            if !q.eventIDs.isEmpty { for r in try await store.events(matching: q).events { byID[r.eventID] = r } }
        }
        return Array(byID.values.sorted { ($0.eventTime, $0.eventID) < ($1.eventTime, $1.eventID) }.suffix(Self.trailLimit))
    }

    /// The trail entries of the steps and creating events upstream of the subject that came from peers.
    package static func remoteTrail(_ subject: PassportSubject, graph: TraceGraph, origins: [String: FederatedTrace.Origin]) -> [Passport.TrailEntry] {
        guard !origins.isEmpty, let upstream = Provenance(graph: graph, id: subject.id, direction: .upstream, depth: 16) else { return [] }
        var entries: [String: Passport.TrailEntry] = [:]
        func entry(_ hash: String, id: String, time: Int64, type: String, bizStep: String?, what: String, site: String?) {
            guard let o = origins[hash] else { return }
            entries[hash] = Passport.TrailEntry(
                eventID: id, eventHash: hash, eventTime: time, type: type, bizStep: bizStep, what: what, site: site, logProof: o.proof?.text,
                node: o.node)
        }
        func walk(_ n: Provenance.Node) {
            if let d = n.declaration {
                entry(d.eventHash, id: d.eventID, time: d.eventTime, type: "ObjectEvent", bizStep: nil, what: "Object event", site: d.site)
            }
            for s in n.steps {
                let type = s.step.kind == .transformation ? "TransformationEvent" : s.step.kind == .aggregation ? "AggregationEvent" : "AssociationEvent"
                let what = s.step.bizStep.map(bizStepName) ?? type.replacingOccurrences(of: "Event", with: " event")
                entry(s.step.eventHash, id: s.step.eventID, time: s.step.eventTime, type: type, bizStep: s.step.bizStep, what: what, site: s.step.site)
                s.nodes.forEach(walk)
            }
        }
        walk(upstream.root)
        return Array(entries.values)
    }

    package static func materials(
        product: ProductClass?, declaration: LotDeclaration?, footprint: Footprint?,
        calculator: FootprintCalculator
    ) -> [Passport.Material] {
        guard let product else {
            guard let grade = declaration?.materialGrade else { return [] }
            return [
                Passport.Material(
                    part: "Material", material: grade, grade: grade, massKg: footprint?.massKg ?? declaration?.massKg, massFraction: 1,
                    recycledContent: footprint?.recycledContent ?? declaration?.recycledContent,
                    recycledContentSource: footprint != nil ? "trace" : "declared")
            ]
        }
        let total = product.totalMassKg
        return product.parts.map { p in
            let traced = p.lot.flatMap { calculator.footprint(of: $0) }
            return Passport.Material(
                part: p.part, material: p.material, grade: p.grade, massKg: p.massKg, massFraction: total > 0 ? p.massKg / total : nil,
                recycledContent: traced?.recycledContent ?? p.recycledContent,
                recycledContentSource: traced != nil ? "trace" : p.recycledContent != nil ? "declared" : nil,
                chainOfCustody: p.chainOfCustody, supplier: p.supplier, lot: p.lot)
        }
    }

    package static func weightedRecycledContent(_ materials: [Passport.Material]) -> LotDeclaration.RecycledContent {
        let mass = materials.reduce(0) { $0 + ($1.massKg ?? 0) }
        guard mass > 0 else { return .init(preConsumer: 0, postConsumer: 0) }
        var pre = 0.0, post = 0.0
        for m in materials {
            pre += (m.massKg ?? 0) * (m.recycledContent?.preConsumer ?? 0)
            post += (m.massKg ?? 0) * (m.recycledContent?.postConsumer ?? 0)
        }
        return .init(preConsumer: pre / mass, postConsumer: post / mass)
    }

    /// The latest of the last six fiscal years with the maker's collection figures for the product type.
    package func circularityFigures(
        productType: String?, recycled: LotDeclaration.RecycledContent, maker: String?
    ) async throws -> Passport.Circularity {
        var c = Passport.Circularity(recycledContent: recycled, productType: productType)
        guard let productType, let maker else { return c }
        let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        let current = calendar.fiscalYear(year: now.year ?? 2026, month: now.month ?? 1)
        for year in stride(from: current, through: current - 6, by: -1) {
            guard let figures = try await reporter.report(fiscalYear: year, scope: .organisation(maker)).collection.byProductType[productType],
                figures.collectedT > 0
            else { continue }
            c.fiscalYear = year
            c.collectedTonnes = figures.collectedT
            c.recyclingRate = figures.recyclingRate
            c.resourceReuseRate = figures.resourceReuseRate
            break
        }
        return c
    }

    /// `junkan:productClass` in the ILMD of the first of the subject's events that carries one.
    package static func productClassFromILMD(_ events: [EventRecord]) -> ProductClass? {
        for r in events {
            guard let json = try? JSONParser.parse(r.json), let ilmd = json.objectValue?["ilmd"]?.objectValue else { continue }
            let value = ilmd["junkan:productClass"] ?? ilmd[TraceVocabulary.namespace + "productClass"]
            if let value, let p = try? ProductClass.parse(value) { return p }
        }
        return nil
    }

    /// `https://ref.gs1.org/cbv/BizStep-shipping` → "Shipping"; a step without a CBV business step by its event type.
    package static func what(_ r: EventRecord) -> String {
        if let step = r.bizStep.map(bizStepName) { return step }
        return r.type.replacingOccurrences(of: "Event", with: " event")
    }

    package static func bizStepName(_ bizStep: String) -> String {
        let short = bizStep.components(separatedBy: "BizStep-").last ?? bizStep
        let words = short.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    package static func stepLabel(_ s: TraceStep) -> String {
        (s.bizStep.map(bizStepName) ?? s.kind.rawValue.capitalized) + " " + String(Passport.isoTime(s.eventTime).prefix(10))
    }
}
