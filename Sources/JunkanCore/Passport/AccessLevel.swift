/// Who may see a passport field, after ESPR Art. 9(1)(d) (access "according to the type of information and the
/// stakeholder"): everyone, market surveillance and customs authorities, or the maker and those it grants access to.
/// Each level sees everything of the levels below it.
public enum AccessLevel: String, Sendable, CaseIterable, Comparable {
    case `public`, authority, owner

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: AccessLevel, b: AccessLevel) -> Bool { a.rank < b.rank }
}

/// The passport's fields as the maker names them when it sets their levels (`access` of a product class), with the
/// level each has unless the maker says otherwise. Supplier identities, exact masses (the recipe), trade grades,
/// and sites are restricted by default (the footprint by step is public: its steps are named by what and when, not who or where); what a buyer or recycler needs is public.
public enum PassportField: String, Sendable, CaseIterable {
    case productionSite = "identity.productionSite"
    case productionDate = "identity.productionDate"
    case countryOfProduction = "identity.countryOfProduction"
    case materialGrade = "materials.grade"
    case materialMass = "materials.massKg"
    case materialFraction = "materials.massFraction"
    case materialRecycledContent = "materials.recycledContent"
    case materialChainOfCustody = "materials.chainOfCustody"
    case materialSupplier = "materials.supplier"
    case materialLot = "materials.lot"
    case substances
    /// The product's status against the public restricted-substance lists (the substances found are `substances`).
    case substanceCompliance = "substances.compliance"
    case footprint
    case footprintByStep = "footprint.byStep"
    case durability
    case endOfLife
    case trail
    case trailSite = "trail.site"
    case trailOrganisation = "trail.organisation"
    case circularity

    public var defaultLevel: AccessLevel {
        switch self {
        case .materialMass, .materialSupplier: .owner
        case .productionSite, .materialGrade, .materialLot, .trailSite, .trailOrganisation: .authority
        default: .public
        }
    }
}

/// The level of every field for one product class: the defaults with the maker's choices over them.
public struct AccessPolicy: Sendable, Equatable {
    public var overrides: [PassportField: AccessLevel]

    public init(overrides: [PassportField: AccessLevel] = [:]) { self.overrides = overrides }

    public func level(of field: PassportField) -> AccessLevel { overrides[field] ?? field.defaultLevel }

    public func allows(_ field: PassportField, at level: AccessLevel) -> Bool { self.level(of: field) <= level }
}
