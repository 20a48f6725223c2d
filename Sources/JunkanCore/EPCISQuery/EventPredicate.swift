/// A SimpleEventQuery filter (EPCIS 2.0 §8.2.7.1) that reads more of an event than a store's index columns hold: the
/// store narrows rows with its indexed filters, then keeps those for which every predicate holds on the decoded event.
/// A named query's subscription evaluates the same predicates on each event as it is committed.
public enum EventPredicate: Sendable, Equatable, Hashable {
    /// `EQ_persistentDisposition_set` / `_unset`: canonical disposition URIs.
    case persistentDisposition(set: Bool, anyOf: Set<String>)
    /// `EQ_/GT_/GE_/LT_/LE_quantity`, with a unit (`…_quantity_KGM`) or without (any unit).
    case quantity(uom: String?, Comparison)
    case errorDeclarationExists
    /// `GE_`/`LT_errorDeclarationTime`.
    case errorDeclarationTime(Comparison)
    case errorReason(anyOf: Set<String>)
    case correctiveEventID(anyOf: Set<String>)
    /// `EQ_bizTransaction_{type}`, `EQ_source_{type}`, `EQ_destination_{type}`: canonical type and identifiers.
    case bizTransaction(type: String, anyOf: Set<String>)
    case source(type: String, anyOf: Set<String>)
    case destination(type: String, anyOf: Set<String>)
    /// An extension field compared (`EQ_ex:f`, `GT_ILMD_ex:f`, …) or, with no comparison, present (`EXISTS_…`).
    case field(ExtensionField, Comparison?)
    case sensorElementExists
    case sensor(SensorField, Comparison)
    /// A second location filter on a field one already filters (`EQ_readPoint` with `WD_readPoint`: both must hold, and
    /// the store's column answers only one list): the canonical identifiers the event's location must be one of.
    case location(readPoint: Bool, anyOf: Set<String>)

    public func holds(_ e: EPCISEvent) -> Bool {
        switch self {
        case .persistentDisposition(let set, let anyOf):
            guard let pd = e.persistentDisposition else { return false }
            return (set ? pd.set : pd.unset).contains { anyOf.contains(CBVCanonical.disposition($0)) }
        case .quantity(let uom, let c):
            let all = e.quantityList + e.childQuantityList + e.inputQuantityList + e.outputQuantityList
            return all.contains { q in
                guard let n = q.quantity, uom == nil || q.uom == uom else { return false }
                return c.holds(.number(n))
            }
        case .errorDeclarationExists: return e.errorDeclaration != nil
        case .errorDeclarationTime(let c):
            guard let d = e.errorDeclaration else { return false }
            return c.holds(.string(d.declarationTime))
        case .errorReason(let anyOf):
            guard let r = e.errorDeclaration?.reason else { return false }
            return anyOf.contains(CBVCanonical.errorReason(r))
        case .correctiveEventID(let anyOf):
            return e.errorDeclaration?.correctiveEventIDs.contains(where: anyOf.contains) ?? false
        case .bizTransaction(let type, let anyOf):
            return e.bizTransactionList.contains { b in
                b.type.map(CBVCanonical.bizTransactionType) == type && anyOf.contains(CBVCanonical.identifier(b.bizTransaction))
            }
        case .source(let type, let anyOf):
            return e.sourceList.contains { CBVCanonical.sourceDestinationType($0.type) == type && anyOf.contains(CBVCanonical.identifier($0.id)) }
        case .destination(let type, let anyOf):
            return e.destinationList.contains {
                CBVCanonical.sourceDestinationType($0.type) == type && anyOf.contains(CBVCanonical.identifier($0.id))
            }
        case .field(let f, let c): return f.holds(in: e, c)
        case .sensorElementExists: return !e.sensorElementList.isEmpty
        case .sensor(let f, let c): return f.holds(in: e, c)
        case .location(let readPoint, let anyOf):
            guard let l = readPoint ? e.readPoint : e.bizLocation else { return false }
            return anyOf.contains(CBVCanonical.identifier(l.id))
        }
    }
}
