/// What one captured event adds to the trace graph: a step (edges) and/or declarations about the lots it creates.
public struct TraceRecord: Sendable, Equatable {
    public var step: TraceStep?
    /// Declarations keyed by the canonical ID of each lot or item the event creates.
    public var declarations: [String: LotDeclaration]
    /// What the event counts toward in collection figures (docs/circularity.md), if anything.
    public var collection: CollectionFact?
    /// Mass an ObjectEvent moves into or out of a stage of the loop (`/flows`), if any.
    public var movement: MaterialMovement?

    public init(step: TraceStep?, declarations: [String: LotDeclaration], collection: CollectionFact? = nil, movement: MaterialMovement? = nil) {
        self.step = step
        self.declarations = declarations
        self.collection = collection
        self.movement = movement
    }

    public var isEmpty: Bool { step == nil && declarations.isEmpty && collection == nil && movement == nil }

    /// Reads an event. Its terms are named by its own `@context`, else by `documentContext` (the context of the
    /// document it came in). Junkan terms with the wrong type or range are errors whose pointer is relative to the event.
    public static func from(_ e: EPCISEvent, eventHash: String, documentContext: JSONValue? = nil) throws(EPCISValidationError) -> TraceRecord {
        let voc = TraceVocabulary(context: e.context ?? documentContext)
        let eventID = e.eventID ?? eventHash
        let time = ISO8601Timestamp.parse(e.eventTime)?.epochMilliseconds ?? 0
        let site = (e.bizLocation ?? e.readPoint).map { CBVCanonical.identifier($0.id) }
        let bizStep = e.bizStep.map(CBVCanonical.bizStep)
        func flows(_ epcs: [String], _ quantities: [EPCISEvent.QuantityElement]) -> [TraceStep.Flow] {
            epcs.map { TraceStep.Flow(id: CBVCanonical.identifier($0), massKg: nil) }
                + quantities.map { q in
                    TraceStep.Flow(
                        id: CBVCanonical.identifier(q.epcClass),
                        massKg: q.quantity.flatMap { Mass.kilograms($0.doubleValue, uom: q.uom) })
                }
        }

        let declaredKind = try processKind(e.extensions, voc: voc)
        // What an end-of-life treatment sends the mass to (an unknown treatment is reported by `collectionFact`).
        let treatment = voc.value("endOfLifeTreatment", in: e.extensions)?.value.stringValue
            .flatMap(CollectionFact.Outcome.init(rawValue:))?.processKind
        var step: TraceStep?
        var movement: MaterialMovement?
        var created: [TraceStep.Flow] = []
        switch e.type {
        case .transformationEvent:
            var s = TraceStep(
                kind: .transformation, eventID: eventID, eventHash: eventHash, eventTime: time, bizStep: bizStep, site: site,
                inputs: flows(e.inputEPCList, e.inputQuantityList), outputs: flows(e.outputEPCList, e.outputQuantityList))
            try readStepTerms(into: &s, extensions: e.extensions, voc: voc)
            s.processKind =
                declaredKind ?? treatment ?? ProcessKind.reading(bizStep: bizStep, createsFromNothing: false)
                ?? (s.cutOff ? .recycling : .processing)
            step = s
            created = s.outputs
        case .aggregationEvent, .associationEvent:
            // Assembly: children → parent, made by ADD. OBSERVE only confirms an assembly (another edge would count its
            // parts twice) and DELETE takes one apart; neither adds an edge.
            if let parent = e.parentID, e.action == .add {
                let children = flows(e.childEPCs, e.childQuantityList)
                if !children.isEmpty {
                    step = TraceStep(
                        kind: e.type == .aggregationEvent ? .aggregation : .association, eventID: eventID, eventHash: eventHash,
                        eventTime: time, bizStep: bizStep, site: site, inputs: children,
                        outputs: [TraceStep.Flow(id: CBVCanonical.identifier(parent), massKg: nil)], processKind: declaredKind ?? .assembly)
                }
            }
        case .objectEvent:
            if e.action == .add { created = flows(e.epcList, e.quantityList) }
            // A treatment says where the mass went; else an ADD creates at the kind it names or its bizStep reads as,
            // and an OBSERVE or DELETE with a kind moves what it names there.
            let kind = treatment ?? declaredKind ?? ProcessKind.reading(bizStep: bizStep, createsFromNothing: e.action == .add)
            if let kind {
                let creates = treatment == nil && e.action == .add && !kind.isExit
                movement = MaterialMovement(
                    eventHash: eventHash, eventTime: time, role: creates ? .creates(kind) : .treats(kind), flows: flows(e.epcList, e.quantityList))
            }
        case .transactionEvent:
            break
        }

        var declarations: [String: LotDeclaration] = [:]
        if let ilmd = e.ilmd, !created.isEmpty {
            let base = LotDeclaration(eventID: eventID, eventHash: eventHash, eventTime: time, site: site)
            let declared = try readLotTerms(base, ilmd: ilmd, voc: voc)
            for flow in created {
                var d = declared
                if e.type == .objectEvent { d.massKg = flow.massKg }
                declarations[flow.id] = d
            }
        } else if e.type == .objectEvent {
            // A lot created with a mass but no ILMD still has a known mass (and no declared factor: flagged later).
            for flow in created {
                declarations[flow.id] = LotDeclaration(eventID: eventID, eventHash: eventHash, eventTime: time, site: site, massKg: flow.massKg)
            }
        }
        let collection = try collectionFact(e, eventID: eventID, eventHash: eventHash, bizStep: bizStep, cutOff: step?.cutOff ?? false, voc: voc)
        return TraceRecord(step: step, declarations: declarations, collection: collection, movement: movement)
    }

    /// `junkan:processKind`: one of `ProcessKind.declarable`.
    private static func processKind(_ extensions: JSONObject, voc: TraceVocabulary) throws(EPCISValidationError) -> ProcessKind? {
        guard let (key, v) = voc.value("processKind", in: extensions) else { return nil }
        guard let raw = v.stringValue, let k = ProcessKind(rawValue: raw), ProcessKind.declarable.contains(k) else {
            throw EPCISValidationError(
                JSONPointer([key]),
                "must be one of \(ProcessKind.declarable.map(\.rawValue).joined(separator: " | ")), found "
                    + (v.stringValue.map { "\"\($0)\"" } ?? v.typeName))
        }
        return k
    }

    /// `collecting` ObjectEvents (ADD or OBSERVE) are collected; an event with `junkan:endOfLifeTreatment`, or a cut-off
    /// transformation that names a `junkan:productType`, is an outcome. The mass is the event's quantities (a
    /// transformation's inputs): what was collected, or what went to that treatment.
    private static func collectionFact(
        _ e: EPCISEvent, eventID: String, eventHash: String, bizStep: String?, cutOff: Bool,
        voc: TraceVocabulary
    ) throws(EPCISValidationError) -> CollectionFact? {
        var productType: String?
        if let (key, v) = voc.value("productType", in: e.extensions) {
            guard let s = v.stringValue, !s.isEmpty else {
                throw EPCISValidationError(JSONPointer([key]), "must be the product type (a non-empty string, as in collection.csv), found \(v.typeName)")
            }
            productType = s
        }
        var outcome: CollectionFact.Outcome?
        if let (key, v) = voc.value("endOfLifeTreatment", in: e.extensions) {
            let allowed = CollectionFact.Outcome.allCases.filter { $0 != .collected }
            guard let raw = v.stringValue, let o = CollectionFact.Outcome(rawValue: raw), o != .collected else {
                throw EPCISValidationError(
                    JSONPointer([key]),
                    "must be one of \(allowed.map(\.rawValue).joined(separator: " | ")), found "
                        + (v.stringValue.map { "\"\($0)\"" } ?? v.typeName))
            }
            guard e.type == .objectEvent || e.type == .transformationEvent else {
                throw EPCISValidationError(
                    JSONPointer([key]),
                    "belongs on an ObjectEvent (the quantities treated) or a TransformationEvent "
                        + "(its inputs are what was treated), not on an \(e.type.rawValue)")
            }
            outcome = o
        } else if e.type == .objectEvent, e.action == .add || e.action == .observe, bizStep == CBVCanonical.bizStep("collecting") {
            outcome = .collected
        } else if cutOff, productType != nil {
            outcome = .materialRecycling
        }
        guard let outcome, let date = ISO8601Timestamp.parse(e.eventTime)?.localDate(offset: e.eventTimeZoneOffset) else { return nil }
        let quantities = e.type == .transformationEvent ? e.inputQuantityList : e.quantityList
        let masses = quantities.compactMap { q in q.quantity.flatMap { Mass.kilograms($0.doubleValue, uom: q.uom) } }
        return CollectionFact(
            eventID: eventID, eventHash: eventHash, outcome: outcome, productType: productType,
            massKg: masses.isEmpty ? nil : masses.reduce(0, +), localYear: date.year, localMonth: date.month)
    }

    private static func readStepTerms(into s: inout TraceStep, extensions: JSONObject, voc: TraceVocabulary) throws(EPCISValidationError) {
        if let (key, v) = voc.value("ghgEmissions", in: extensions) {
            s.ghgEmissions = try nonNegative(v, JSONPointer([key]), "kg CO2e emitted by the step")
        }
        if let (key, v) = voc.value("allocation", in: extensions) {
            guard let raw = v.stringValue, let a = TraceStep.Allocation(rawValue: raw) else {
                throw EPCISValidationError(JSONPointer([key]), "must be \"mass\" or \"economic\"")
            }
            s.allocation = a
        }
        if let (key, v) = voc.value("economicValue", in: extensions) {
            guard let o = v.objectValue else {
                throw EPCISValidationError(JSONPointer([key]), "must be an object from output epcClass to value per kg, found \(v.typeName)")
            }
            for (cls, value) in o {
                s.economicValues[CBVCanonical.identifier(cls)] = try nonNegative(value, JSONPointer([key, cls]), "value per kg")
            }
        }
        if s.allocation == .economic {
            for out in s.outputs where s.economicValues[out.id] == nil {
                throw EPCISValidationError(
                    JSONPointer(["junkan:economicValue"]),
                    "economic allocation needs a value for every output; \(out.id) has none")
            }
        }
        if let (key, v) = voc.value("cutOff", in: extensions) {
            guard let b = v.boolValue else { throw EPCISValidationError(JSONPointer([key]), "must be true or false, found \(v.typeName)") }
            s.cutOff = b
        }
    }

    private static func readLotTerms(_ base: LotDeclaration, ilmd: JSONObject, voc: TraceVocabulary) throws(EPCISValidationError) -> LotDeclaration {
        var d = base
        if let (key, v) = voc.value("materialGrade", in: ilmd) {
            guard let s = v.stringValue, !s.isEmpty else { throw EPCISValidationError(JSONPointer(["ilmd", key]), "must be a grade ID (a string)") }
            d.materialGrade = s
        }
        if let (key, v) = voc.value("emissionFactor", in: ilmd) {
            d.emissionFactor = try nonNegative(v, JSONPointer(["ilmd", key]), "declared kg CO2e per kg")
        }
        if let (key, v) = voc.value("recycledContent", in: ilmd) {
            let at = JSONPointer(["ilmd", key])
            guard let o = v.objectValue else { throw EPCISValidationError(at, "must be {\"preConsumer\": f, \"postConsumer\": f}") }
            let pre = try o["preConsumer"].map { v throws(EPCISValidationError) in try fraction(v, at.appending("preConsumer")) } ?? 0
            let post = try o["postConsumer"].map { v throws(EPCISValidationError) in try fraction(v, at.appending("postConsumer")) } ?? 0
            guard pre + post <= 1 + 1e-9 else { throw EPCISValidationError(at, "preConsumer + postConsumer is \(pre + post), more than 1") }
            d.recycledContent = .init(preConsumer: pre, postConsumer: post)
        }
        if let (key, v) = voc.value("durability", in: ilmd) {
            guard v.objectValue != nil else { throw EPCISValidationError(JSONPointer(["ilmd", key]), "must be an object") }
            d.durability = v
        }
        if let (key, v) = voc.value("countryOfOrigin", in: ilmd) {
            guard let c = v.stringValue, CountryCodes.alpha2.contains(c) else {
                throw EPCISValidationError(
                    JSONPointer(["ilmd", key]),
                    "must be an officially assigned ISO 3166-1 alpha-2 code such as \"JP\", "
                        + "found \(v.stringValue.map { "\"\($0)\"" } ?? v.typeName)")
            }
            d.countryOfOrigin = c
        }
        return d
    }

    private static func nonNegative(_ v: JSONValue, _ at: JSONPointer, _ what: String) throws(EPCISValidationError) -> Double {
        guard let n = v.numberValue?.doubleValue, n.isFinite else { throw EPCISValidationError(at, "must be a number (\(what)), found \(v.typeName)") }
        guard n >= 0 else { throw EPCISValidationError(at, "must be ≥ 0 (\(what)), found \(n)") }
        return n
    }

    private static func fraction(_ v: JSONValue, _ at: JSONPointer) throws(EPCISValidationError) -> Double {
        let f = try nonNegative(v, at, "a mass fraction")
        guard f <= 1 else { throw EPCISValidationError(at, "must be a fraction between 0 and 1, found \(f)") }
        return f
    }
}
