/// One vocabulary element of EPCIS master data (EPCIS 2.0 §6.1.2, §9.3 `epcisMasterData`): an identifier of a
/// vocabulary type (a business location, a read point, an EPC class), its attributes (name, address, site…) and its
/// children (the sub-locations a `WD_` query reaches).
public struct VocabularyElement: Sendable, Equatable {
    public struct Attribute: Sendable, Equatable {
        /// The attribute's name as an absolute IRI (a compact IRI is expanded with the document's context).
        public var id: String
        /// Its value: a string, a number or an object; nil when the element only names the attribute.
        public var value: JSONValue?
        public init(id: String, value: JSONValue?) { self.id = id; self.value = value }
    }

    /// The vocabulary type's URI (`urn:epcglobal:epcis:vtype:BusinessLocation`).
    public var type: String
    /// The element's identifier, canonical (`CBVCanonical.identifier`: an SGLN URN becomes its Digital Link), as
    /// events' location fields are indexed.
    public var id: String
    /// In document order; an attribute may repeat (a list value in XML is written so).
    public var attributes: [Attribute]
    /// The direct children's identifiers, canonical.
    public var children: [String]

    public init(type: String, id: String, attributes: [Attribute] = [], children: [String] = []) {
        self.type = type; self.id = id; self.attributes = attributes; self.children = children
    }

    /// The values of attribute `name`, compared as `MasterDataAttribute.same` does.
    public func values(of name: String) -> [JSONValue] {
        attributes.filter { MasterDataAttribute.same($0.id, name) }.compactMap(\.value)
    }

    /// The first value of `name` as text (a string, or a number as written).
    public func text(_ name: String) -> String? {
        for v in values(of: name) {
            switch v {
            case .string(let s) where !s.isEmpty: return s
            case .number: return JSONWriter.string(v)
            default: continue
            }
        }
        return nil
    }
}

/// The vocabulary types of EPCIS 2.0 §7.2 this node reads master data of.
public enum VocabularyType {
    public static let readPoint = "urn:epcglobal:epcis:vtype:ReadPoint"
    public static let businessLocation = "urn:epcglobal:epcis:vtype:BusinessLocation"
    public static let epcClass = "urn:epcglobal:epcis:vtype:EPCClass"
}

/// CBV 2.0 §10 master data attribute names. The CBV writes them `urn:epcglobal:cbv:mda:name` (its XML examples, and
/// the EPCIS context's `cbvmda:` prefix) and, in its location tables, `urn:epcglobal:cbv:mda#name`: both spellings
/// name the same attribute here.
public enum MasterDataAttribute {
    static let cbv = "urn:epcglobal:cbv:mda:"
    public static let name = cbv + "name"
    public static let site = cbv + "site"
    public static let ssd = cbv + "ssd"
    public static let streetAddressOne = cbv + "streetAddressOne"
    public static let streetAddressTwo = cbv + "streetAddressTwo"
    public static let streetAddressThree = cbv + "streetAddressThree"
    public static let city = cbv + "city"
    public static let state = cbv + "state"
    public static let postalCode = cbv + "postalCode"
    public static let countryCode = cbv + "countryCode"

    /// An attribute name in the one spelling compared (`urn:epcglobal:cbv:mda#x` → `urn:epcglobal:cbv:mda:x`).
    public static func canonical(_ id: String) -> String {
        id.hasPrefix("urn:epcglobal:cbv:mda#") ? cbv + id.dropFirst("urn:epcglobal:cbv:mda#".count) : id
    }

    public static func same(_ a: String, _ b: String) -> Bool { canonical(a) == canonical(b) }
}
