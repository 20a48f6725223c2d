extension EPCISEvent {
    /// Why an event speaks for an identifier rather than observing it (docs/ownership.md): only the identifier's owner
    /// and its grantees may record these.
    public enum DeclarationRule: String, Sendable, CaseIterable {
        /// An ObjectEvent with action ADD brings its EPCs and classes into being (commissioning a serial, creating a lot).
        case add = "ADD"
        /// `bizStep` commissioning, on any event, says the same of the identifiers it names.
        case commissioning
        /// Instance/lot master data (emission factor, recycled content, origin, grade) is the maker's statement.
        case ilmd = "ILMD"
        /// What a transformation makes (`outputEPCList`, `outputQuantityList`).
        case transformationOutput = "transformation output"
        /// The parent an AggregationEvent or AssociationEvent with action ADD assembles.
        case assembly
        /// Outside events: a product class's master data (`POST /products`) and a PACT footprint of a lot or item.
        case productClass = "product class"
        case footprint = "PACT footprint"
        /// Master data of a vocabulary element (a site's name, address, sub-locations) in a capture document's header.
        case masterData = "master data"
    }

    /// Every identifier this event creates or declares facts about, as written, with the JSON pointer (within the
    /// event) of where it is named and the strongest rule that makes it a declaration. Inputs, children and the EPCs of
    /// OBSERVE and DELETE events are observations: anyone may record them.
    public var declaredIdentifiers: [(id: String, pointer: [String], rule: DeclarationRule)] {
        var out: [(String, [String], DeclarationRule)] = []
        let commissioning = bizStep.map(CBVCanonical.bizStep) == "https://ref.gs1.org/cbv/BizStep-commissioning"
        let withILMD = !(ilmd?.isEmpty ?? true)
        func add(_ ids: [String], _ field: String, _ rule: DeclarationRule) {
            for (i, id) in ids.enumerated() { out.append((id, [field, String(i)], rule)) }
        }
        func addClasses(_ q: [QuantityElement], _ field: String, _ rule: DeclarationRule) {
            for (i, e) in q.enumerated() { out.append((e.epcClass, [field, String(i), "epcClass"], rule)) }
        }
        switch type {
        case .objectEvent where action == .add || commissioning:
            let rule: DeclarationRule = withILMD ? .ilmd : action == .add ? .add : .commissioning
            add(epcList, "epcList", rule)
            addClasses(quantityList, "quantityList", rule)
        case .transformationEvent:
            let rule: DeclarationRule = withILMD ? .ilmd : .transformationOutput
            add(outputEPCList, "outputEPCList", rule)
            addClasses(outputQuantityList, "outputQuantityList", rule)
        case .aggregationEvent, .associationEvent, .transactionEvent:
            // A transaction names its parent as a reference, not as something it makes.
            if let parentID, action == .add && type != .transactionEvent || commissioning {
                out.append((parentID, ["parentID"], commissioning ? .commissioning : .assembly))
            }
        case .objectEvent:
            break
        }
        return out
    }
}
