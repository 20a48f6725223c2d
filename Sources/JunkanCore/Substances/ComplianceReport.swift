public enum ComplianceStatus: String, Sendable, Equatable {
    case pass, fail, unknown
}

/// A concentration that decides a rule: in which article (and material), of which substances (a group's members
/// summed), against which threshold, and where those substances come from.
public struct Finding: Sendable, Equatable {
    public var article: String
    /// The homogeneous material, for a rule on materials.
    public var material: String?
    public var substances: [RolledSubstance]
    public var concentration: Double
    public var threshold: Double
}

/// One entry of a list, checked.
public struct RuleResult: Sendable, Equatable {
    public struct ExemptionUse: Sendable, Equatable {
        public var exemption: String
        public var article: String
        public var material: String?
        public var substance: String

        public init(exemption: String, article: String, material: String?, substance: String) {
            self.exemption = exemption
            self.article = article
            self.material = material
            self.substance = substance
        }
    }

    public var entry: RestrictedSubstanceList.Entry
    public var status: ComplianceStatus
    /// Every concentration above the threshold (a `fail`'s reasons).
    public var findings: [Finding] = []
    /// The highest concentration at or below the threshold, when any was found.
    public var highest: Finding?
    public var exemptionsUsed: [ExemptionUse] = []
    /// What kept the rule from being decided.
    public var unknownBecause: [String] = []
    public var note: String?

    init(entry: RestrictedSubstanceList.Entry, status: ComplianceStatus, note: String? = nil) {
        self.entry = entry
        self.status = status
        self.note = note
    }

    /// The duty a `fail` of a reporting entry brings (nil for a restriction, or when it does not fail).
    public var duty: String? { status == .fail ? entry.duty : nil }
}

/// A product's or lot's check against one list.
public struct ComplianceReport: Sendable, Equatable {
    public var list: RestrictedSubstanceList
    public var day: String
    public var subject: String
    public var status: ComplianceStatus
    public var rules: [RuleResult]
}
