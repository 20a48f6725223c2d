/// A list of restricted or declarable substances as data: versioned, each entry with its CAS numbers (one, or a
/// group's members), its threshold as a mass fraction, what the threshold is of (a homogeneous material or an
/// article), its legal basis, the exemptions it allows and the date it applies from. `eu-rohs`, `reach-svhc`,
/// `eu-pops` and `eu-batteries` ship with Junkan (`SubstanceListCatalogue`); an organisation loads its own.
public struct RestrictedSubstanceList: Sendable, Equatable {
    public var id: String
    public var name: String
    public var version: String
    /// The day the list's content was taken from its source (`YYYY-MM-DD`).
    public var date: String
    /// Where the content comes from (the official text's address).
    public var source: String
    /// The list's legal text, as cited.
    public var legalBasis: String
    /// True when the list holds only some of its source's entries (a compliance result against it says so).
    public var isExcerpt: Bool
    public var entries: [Entry]

    public enum Level: String, Sendable, Equatable {
        /// RoHS 2011/65/EU Art. 3(20), Annex II: "by weight in homogeneous materials".
        case homogeneousMaterial = "homogeneous-material"
        /// REACH Art. 33, 7(2): "in those articles in a concentration above 0,1 % weight by weight", per article
        /// (CJEU C-106/14: each article of a complex object).
        case article
    }

    public struct Exemption: Sendable, Equatable {
        public var id: String
        public var description: String
        /// Up to which mass fraction the exemption covers the substance, when it says.
        public var maxFraction: Double?
        /// The last day it applies (`YYYY-MM-DD`), when it expires.
        public var validUntil: String?

        public init(id: String, description: String, maxFraction: Double? = nil, validUntil: String? = nil) {
            self.id = id
            self.description = description
            self.maxFraction = maxFraction
            self.validUntil = validUntil
        }
    }

    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        /// The CAS numbers that count towards this entry (a group's members are summed).
        public var cas: [String]
        /// Mass fraction (0.001 for 0.1 %); a concentration above it (not at it) breaks the rule.
        public var threshold: Double
        public var level: Level
        /// Nil for a restriction (above the threshold: not allowed); else the duty that applies above it (REACH Art.
        /// 33 information, a SCIP notification), which the compliance result names with its `fail`.
        public var duty: String?
        public var exemptions: [Exemption]
        /// The first day the entry applies (`YYYY-MM-DD`), when it came later than the list.
        public var appliesFrom: String?
        /// What the entry applies to, when narrower than every product (`portable batteries`), as the law says.
        public var scope: String?

        public init(
            id: String, name: String, cas: [String], threshold: Double, level: Level, duty: String? = nil, exemptions: [Exemption] = [],
            appliesFrom: String? = nil, scope: String? = nil
        ) {
            self.id = id
            self.name = name
            self.cas = cas
            self.threshold = threshold
            self.level = level
            self.duty = duty
            self.exemptions = exemptions
            self.appliesFrom = appliesFrom
            self.scope = scope
        }

        /// Whether `substance` counts towards this entry: by CAS number, or by name for one declared without.
        func covers(_ name: String, cas substanceCAS: String?) -> Bool {
            if let substanceCAS { return cas.contains(substanceCAS) }
            return name.lowercased() == self.name.lowercased()
        }
    }

    public init(
        id: String, name: String, version: String, date: String, source: String, legalBasis: String, isExcerpt: Bool = false, entries: [Entry]
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.date = date
        self.source = source
        self.legalBasis = legalBasis
        self.isExcerpt = isExcerpt
        self.entries = entries
    }
}
