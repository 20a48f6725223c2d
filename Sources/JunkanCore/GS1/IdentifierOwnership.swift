/// Who may create a GS1 identifier on this node, or declare facts about it (docs/ownership.md): the organisation that
/// registered the GS1 Company Prefix the identifier's key starts with, and those that owner granted a GTIN, a GLN or a
/// range of serials of one GTIN (a contract manufacturer, a recycler making lots under a brand's GTIN). An identifier
/// whose prefix no organisation here registered, and any identifier that is not a GS1 key, is owned by no one here.
///
/// A value: capture takes one per document, so every event of a document is judged by the same registry.
public struct IdentifierOwnership: Sendable, Equatable {
    /// A GS1 Company Prefix (6 to 12 digits) an organisation registered, or, where an upgrade found one GTIN made by
    /// only one organisation, the 12 digits of that GTIN's key (docs/ownership.md).
    public struct Registration: Sendable, Equatable, Hashable {
        public var prefix: String
        public var organisationID: String
        public init(prefix: String, organisationID: String) { self.prefix = prefix; self.organisationID = organisationID }
    }

    public struct Grant: Sendable, Equatable, Hashable {
        public var id: Int64
        public var grantor: String
        public var grantee: String
        public var scope: GrantScope
        public init(id: Int64, grantor: String, grantee: String, scope: GrantScope) {
            self.id = id; self.grantor = grantor; self.grantee = grantee; self.scope = scope
        }
    }

    public let registrations: [Registration]
    public let grants: [Grant]
    /// The registrations by prefix, and the lengths they come in, longest first: a key's owner is found with one lookup
    /// per length (at most eleven), not by trying every registration, which an upgraded node has one of per GTIN and
    /// capture asks for every identifier an event declares.
    private let byPrefix: [String: Registration]
    private let lengths: [Int]

    public init(registrations: [Registration] = [], grants: [Grant] = []) {
        // Longest first: the most specific registration of a key is its owner.
        self.registrations = registrations.sorted { ($0.prefix.count, $0.prefix) > ($1.prefix.count, $1.prefix) }
        self.grants = grants
        byPrefix = Dictionary(registrations.map { ($0.prefix, $0) }, uniquingKeysWith: { first, _ in first })
        lengths = Set(registrations.map(\.prefix.count)).sorted(by: >)
    }

    /// What the registry says about an organisation creating or declaring facts about an identifier.
    public enum Decision: Sendable, Equatable {
        /// Not a GS1 key, or a prefix no organisation here registered: no one here speaks for it.
        case unowned
        case owner(Registration)
        case granted(Grant, owner: Registration)
        case refused(owner: Registration)

        public var allowed: Bool {
            if case .refused = self { return false }
            return true
        }
    }

    /// The registration that owns `identifier` (any GS1 spelling: EPC URI or Digital Link), nil when none does.
    public func owner(of identifier: String) -> Registration? {
        guard let dl = try? GS1Identifier.digitalLink(from: identifier) else { return nil }
        return owner(of: dl)
    }

    public func owner(of dl: DigitalLink) -> Registration? {
        let body = Self.companyDigits(of: dl.primaryKey)
        for n in lengths where n <= body.count {
            if let r = byPrefix[String(body.prefix(n))] { return r }
        }
        return nil
    }

    public func decide(organisationID: String, identifier: String) -> Decision {
        guard let dl = try? GS1Identifier.digitalLink(from: identifier), let owner = owner(of: dl) else { return .unowned }
        if owner.organisationID == organisationID { return .owner(owner) }
        // A grant holds while its grantor still owns what it granted: a prefix that moved takes its grants along.
        if let g = grants.first(where: { $0.grantee == organisationID && $0.grantor == owner.organisationID && $0.scope.covers(dl) }) {
            return .granted(g, owner: owner)
        }
        return .refused(owner: owner)
    }

    /// Whether `organisationID` speaks for `identifier`'s owner: it is the owner or one of its grantees. False for an
    /// identifier no one here owns (no one speaks for its maker).
    public func speaksForOwner(organisationID: String, identifier: String) -> Bool {
        switch decide(organisationID: organisationID, identifier: identifier) {
        case .owner, .granted: true
        case .unowned, .refused: false
        }
    }

    /// The digits of a key that start with its GS1 Company Prefix: a GTIN, SSCC or GRAI after its first digit
    /// (indicator, extension digit, or GRAI's filler zero), every other key from its start (GS1 General Specifications
    /// §3.2 and the EPC Tag Data Standard's partitions).
    public static func companyDigits(of key: DigitalLink.Element) -> Substring {
        switch key.ai {
        case "01", "02", "00", "8003": key.value.dropFirst()
        default: Substring(key.value)
        }
    }

    /// A GS1 Company Prefix as `junkan org prefix add` takes it: 6 to 12 digits (the EPC Tag Data Standard's range).
    public static func validPrefix(_ s: String) -> Bool {
        (6...12).contains(s.utf8.count) && s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// What an owner granted: every identifier of a GTIN (its class, lots and serials), a GLN (with its extensions), or the
/// serials of a GTIN from `first` through `last` (digits compared as numbers, other serials character by character).
public enum GrantScope: Sendable, Equatable, Hashable, CustomStringConvertible {
    case gtin(String)
    case gln(String)
    case serials(gtin: String, first: String, last: String)

    public func covers(_ dl: DigitalLink) -> Bool {
        switch self {
        case .gtin(let g): return dl.primaryKey.ai == "01" && dl.primaryKey.value == g
        case .gln(let g): return dl.primaryKey.ai == "414" && dl.primaryKey.value == g
        case .serials(let g, let first, let last):
            guard dl.primaryKey.ai == "01", dl.primaryKey.value == g, let serial = dl.qualifier("21") else { return false }
            return !Self.serialOrder(serial, first) && !Self.serialOrder(last, serial)
        }
    }

    /// `a < b` for serials: numbers by value (a shorter run of digits first, leading zeros counting as written),
    /// anything else by its characters.
    public static func serialOrder(_ a: String, _ b: String) -> Bool {
        let digits = { (s: String) in !s.isEmpty && s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        if digits(a), digits(b), a.utf8.count != b.utf8.count { return a.utf8.count < b.utf8.count }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    public var description: String {
        switch self {
        case .gtin(let g): "GTIN \(g)"
        case .gln(let g): "GLN \(g)"
        case .serials(let g, let first, let last): "serials \(first) through \(last) of GTIN \(g)"
        }
    }
}
