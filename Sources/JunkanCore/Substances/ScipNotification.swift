/// The data of a SCIP notification (Waste Framework Directive 2008/98/EC Art. 9(1)(i), with REACH Art. 33(1)) for an
/// article whose roll-up holds a Candidate List substance above 0.1 % w/w: the article's identifiers and category, the
/// complex object's components from the parts and the trace graph (each article on its own, C-106/14), and per article
/// the concern elements — substance, concentration range, the materials it is in — with safe-use and disassembly
/// instructions from the product class. Built from a check against the candidate list (`reach-svhc`, or a newer
/// version loaded into the node); what the notification still needs that Junkan does not hold is listed in `missing`.
public struct ScipNotification: Sendable, Equatable {
    public enum Need: String, Sendable, Equatable {
        /// A candidate-list substance is above 0.1 % w/w in an article: a notification is due.
        case required
        /// Every article is known and none holds one above 0.1 %.
        case notRequired = "not-required"
        /// Nothing is above, but part of the product is not known (no declaration, no traced making).
        case unknown
    }

    public struct ConcernElement: Sendable, Equatable {
        /// The candidate-list entry (its name and CAS numbers, a group's members).
        public var substance: String
        public var cas: [String]
        /// Its concentration in the article (mass fraction) and the SCIP format's range for it.
        public var concentration: Double
        public var concentrationRange: String
        /// The article's homogeneous materials that hold it: the material category is chosen from their names.
        public var materials: [String]
        public var sources: [SubstanceOrigin]
    }

    public struct Component: Sendable, Equatable {
        public var name: String
        /// The article's identifier: a declared or traced identifier, or the path of a declared part.
        public var identifier: String
        public var numberOfUnits: Double
        public var concernElements: [ConcernElement]
        public var components: [Component]
    }

    public var subject: String
    public var name: String
    public var need: Need
    /// The GTIN of the subject, when it is a GS1 identifier with one (the SCIP primary article identifier, type GTIN).
    public var gtin: String?
    public var articleCategory: String?
    /// Whether the article is produced or assembled in the EU (from the product class's country of production).
    public var producedInEU: Bool?
    public var safeUseInstructions: String?
    public var disassemblyInstructions: String?
    /// The article's own concern elements (a substance in its own materials) and its components that hold any.
    public var concernElements: [ConcernElement]
    public var components: [Component]
    public var list: RestrictedSubstanceList
    public var checkedOn: String
    /// What is unknown, or what a notification needs that is not here.
    public var missing: [String]

    /// What the maker says of the article beyond its composition (from its product class: `ProductClass.scipFacts`).
    public struct Facts: Sendable, Equatable {
        public var name: String
        /// ISO 3166-1 alpha-2.
        public var countryOfProduction: String?
        public var articleCategory: String?
        public var safeUseInstructions: String?
        public var disassemblyInstructions: String?

        public init(
            name: String, countryOfProduction: String? = nil, articleCategory: String? = nil, safeUseInstructions: String? = nil,
            disassemblyInstructions: String? = nil
        ) {
            self.name = name
            self.countryOfProduction = countryOfProduction
            self.articleCategory = articleCategory
            self.safeUseInstructions = safeUseInstructions
            self.disassemblyInstructions = disassemblyInstructions
        }
    }

    /// `article` checked against the candidate list in `report`; `facts` give name, category and instructions.
    public static func of(_ article: RolledArticle, report: ComplianceReport, facts: Facts?) -> ScipNotification {
        var byArticle: [String: [ConcernElement]] = [:]
        let articles = Self.index(article)
        for rule in report.rules where rule.status == .fail {
            for finding in rule.findings {
                guard let holder = articles[finding.article], let range = Self.range(finding.concentration) else { continue }
                let keys = Set(finding.substances.map { $0.cas ?? $0.name.lowercased() })
                let materials = holder.materials.filter { m in m.substances.contains { keys.contains($0.cas ?? $0.name.lowercased()) } }.map(\.name)
                // A complex object whose own materials do not hold the substance carries it in a component, which is the
                // article notified (once an article, always an article).
                guard holder.articles.isEmpty || !materials.isEmpty else { continue }
                var sources: [SubstanceOrigin] = []
                for s in finding.substances { for o in s.sources where !sources.contains(o) { sources.append(o) } }
                byArticle[finding.article, default: []].append(
                    ConcernElement(
                        substance: rule.entry.name, cas: rule.entry.cas.isEmpty ? finding.substances.compactMap(\.cas) : rule.entry.cas,
                        concentration: finding.concentration, concentrationRange: range, materials: materials, sources: sources))
            }
        }
        var missing: [String] = []
        for rule in report.rules { for reason in rule.unknownBecause where !missing.contains(reason) { missing.append(reason) } }
        let need: Need = report.rules.contains { $0.status == .fail } ? .required : report.status == .unknown ? .unknown : .notRequired
        if need == .required {
            if facts?.articleCategory == nil { missing.append("the article category (scip.articleCategory of the product class: a CN/TARIC code)") }
            if facts?.safeUseInstructions == nil {
                missing.append(
                    "safe-use instructions (scip.safeUseInstructions of the product class; without them the notification says that the substance's name is enough for safe use)"
                )
            }
            missing.append("the material category of each concern element, chosen from the SCIP picklist by the materials named")
        }
        if report.list.isExcerpt {
            missing.append("the candidate list \(report.list.id) here is an excerpt: load the full list (junkan import substance-list)")
        }
        return ScipNotification(
            subject: article.path, name: facts?.name ?? article.name, need: need, gtin: Self.gtin(of: article.path),
            articleCategory: facts?.articleCategory, producedInEU: facts?.countryOfProduction.map(Self.euMembers.contains),
            safeUseInstructions: facts?.safeUseInstructions, disassemblyInstructions: facts?.disassemblyInstructions,
            concernElements: byArticle[article.path] ?? [], components: Self.components(of: article, byArticle),
            list: report.list, checkedOn: report.day, missing: missing)
    }

    /// The SCIP format's concentration ranges (% w/w); nil at or under 0.1 %, where nothing is notified.
    public static func range(_ fraction: Double) -> String? {
        let bounds: [(Double, String)] = [
            (0.001, ""), (0.003, "> 0.1 % w/w and ≤ 0.3 % w/w"), (0.01, "> 0.3 % w/w and ≤ 1.0 % w/w"), (0.1, "> 1.0 % w/w and ≤ 10.0 % w/w"),
            (0.2, "> 10.0 % w/w and ≤ 20.0 % w/w")
        ]
        for (upper, text) in bounds where !SubstanceCompliance.isAbove(fraction, upper) { return text.isEmpty ? nil : text }
        return "> 20.0 % w/w and ≤ 100 % w/w"
    }

    /// The EU's member states (ISO 3166-1 alpha-2), for "produced in the EU".
    static let euMembers: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO",
        "SK", "SI", "ES", "SE"
    ]

    public static func gtin(of identifier: String) -> String? {
        guard let link = try? DigitalLink.parse(identifier), link.primaryKey.ai == "01" else { return nil }
        return link.primaryKey.value
    }

    static func index(_ a: RolledArticle) -> [String: RolledArticle] {
        var found = [a.path: a]
        for child in a.articles { found.merge(index(child)) { first, _ in first } }
        return found
    }

    /// The components that are, or hold, an article with concern elements.
    static func components(of a: RolledArticle, _ byArticle: [String: [ConcernElement]]) -> [Component] {
        a.articles.compactMap { child in
            let inner = components(of: child, byArticle)
            let own = byArticle[child.path] ?? []
            guard !own.isEmpty || !inner.isEmpty else { return nil }
            return Component(name: child.name, identifier: child.path, numberOfUnits: child.quantity, concernElements: own, components: inner)
        }
    }
}
