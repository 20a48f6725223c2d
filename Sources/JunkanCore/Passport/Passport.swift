/// A digital product passport for an item (`/01/{gtin}/21/{serial}`), a lot (`/01/{gtin}/10/{lot}`) or a model
/// (`/01/{gtin}`), as seen at one access level. Built whole (`PassportAssembler`) and then `redacted(to:)`: every
/// representation — JSON, credential, page, linkset — is written from the redacted value only, so a restricted value
/// cannot leak through one of them.
public struct Passport: Sendable, Equatable {
    public enum Granularity: String, Sendable { case item, lot, model }

    public struct Party: Sendable, Equatable {
        public var name: String
        public var gln: String?
        /// The organisation's id on this node (its did:web is derived from it).
        public var organisationID: String?
        public init(name: String, gln: String? = nil, organisationID: String? = nil) { self.name = name; self.gln = gln; self.organisationID = organisationID }
    }

    public struct Identity: Sendable, Equatable {
        public var gtin: String
        public var serial: String?
        public var lot: String?
        public var name: String
        public var description: String?
        public var maker: Party
        /// ISO 8601 date of the commissioning event.
        public var productionDate: String?
        public var productionSite: String?
        /// The production site's name and postal address, from its master data (CBV §10; docs/master-data.md).
        public var productionSiteName: String?
        public var productionSiteAddress: String?
        public var countryOfProduction: String?
        public init(
            gtin: String, serial: String? = nil, lot: String? = nil, name: String, description: String? = nil, maker: Party, productionDate: String? = nil,
            productionSite: String? = nil, countryOfProduction: String? = nil
        ) {
            self.gtin = gtin; self.serial = serial; self.lot = lot; self.name = name; self.description = description; self.maker = maker;
            self.productionDate = productionDate; self.productionSite = productionSite; self.countryOfProduction = countryOfProduction
        }
    }

    public struct Material: Sendable, Equatable {
        public var part: String
        public var material: String
        public var grade: String?
        public var massKg: Double?
        public var massFraction: Double?
        public var recycledContent: LotDeclaration.RecycledContent?
        /// Where the recycled content comes from: `trace` (computed over the lot's upstream) or `declared`.
        public var recycledContentSource: String?
        public var chainOfCustody: ChainOfCustody?
        public var supplier: String?
        public var lot: String?
        public init(
            part: String, material: String, grade: String? = nil, massKg: Double? = nil, massFraction: Double? = nil,
            recycledContent: LotDeclaration.RecycledContent? = nil, recycledContentSource: String? = nil, chainOfCustody: ChainOfCustody? = nil,
            supplier: String? = nil, lot: String? = nil
        ) {
            self.part = part; self.material = material; self.grade = grade; self.massKg = massKg; self.massFraction = massFraction;
            self.recycledContent = recycledContent; self.recycledContentSource = recycledContentSource; self.chainOfCustody = chainOfCustody;
            self.supplier = supplier; self.lot = lot
        }
    }

    public struct StepContribution: Sendable, Equatable {
        public var label: String
        /// kg CO2e per kg of the passport's subject that this step (or the declared raw materials) contributes.
        public var kgCO2ePerKg: Double
        public init(label: String, kgCO2ePerKg: Double) {
            self.label = label; self.kgCO2ePerKg = kgCO2ePerKg
        }
    }

    public struct Carbon: Sendable, Equatable {
        public var kgCO2ePerKg: Double
        public var massKg: Double?
        public var kgCO2e: Double? { massKg.map { $0 * kgCO2ePerKg } }
        public var primaryDataShare: Double
        /// Where the figure comes from: the trace graph, or the parts' materials when the item is not traced.
        public var method: String
        public var byStep: [StepContribution]?
        public init(kgCO2ePerKg: Double, massKg: Double? = nil, primaryDataShare: Double, method: String, byStep: [StepContribution]? = nil) {
            self.kgCO2ePerKg = kgCO2ePerKg; self.massKg = massKg; self.primaryDataShare = primaryDataShare; self.method = method; self.byStep = byStep
        }
    }

    public struct TrailEntry: Sendable, Equatable {
        public var eventID: String
        public var eventHash: String
        public var eventTime: Int64
        public var type: String
        public var bizStep: String?
        /// A short description of the step (what happened).
        public var what: String
        public var site: String?
        /// The site's name from its master data, when the organisation declared one.
        public var siteName: String?
        public var organisation: String?
        /// Recorded by the maker (the owner of the GTIN's prefix) or one of its grantees, so the maker's statement; else
        /// another organisation's, shown as such and never signed in the maker's credential.
        public var byMaker: Bool
        /// Whether the recording organisation lets passports name it (`junkan org passport-naming`). When it does not,
        /// views below `authority` never name it, whatever the maker's access policy: the step is then shown as
        /// "recorded by another organisation" (docs/passport.md).
        public var organisationNamed: Bool
        /// C2SP tlog-proof@v1 of the event's log leaf against a cosigned checkpoint; nil while it is not yet integrated.
        public var logProof: String?
        /// The base URL of the peer node whose log holds the event (its proof is against that log's checkpoint); nil
        /// for an event of this node (issue 27, item 5).
        public var node: String?
        public init(
            eventID: String, eventHash: String, eventTime: Int64, type: String, bizStep: String? = nil, what: String, site: String? = nil,
            organisation: String? = nil, byMaker: Bool = false, organisationNamed: Bool = true, logProof: String? = nil, node: String? = nil
        ) {
            self.node = node
            self.eventID = eventID; self.eventHash = eventHash; self.eventTime = eventTime; self.type = type; self.bizStep = bizStep; self.what = what;
            self.site = site; self.organisation = organisation; self.byMaker = byMaker; self.organisationNamed = organisationNamed
            self.logProof = logProof
        }
    }

    public struct Circularity: Sendable, Equatable {
        public var recycledContent: LotDeclaration.RecycledContent
        public var productType: String?
        public var fiscalYear: Int?
        /// The product type's collection in that fiscal year (docs/circularity.md): tonnes collected, the share reused or
        /// recycled (thermal recovery included), and the share reused as parts or recycled as material.
        public var collectedTonnes: Double?
        public var recyclingRate: Double?
        public var resourceReuseRate: Double?
        public init(
            recycledContent: LotDeclaration.RecycledContent, productType: String? = nil, fiscalYear: Int? = nil, collectedTonnes: Double? = nil,
            recyclingRate: Double? = nil, resourceReuseRate: Double? = nil
        ) {
            self.recycledContent = recycledContent; self.productType = productType; self.fiscalYear = fiscalYear; self.collectedTonnes = collectedTonnes;
            self.recyclingRate = recyclingRate; self.resourceReuseRate = resourceReuseRate
        }
    }

    public var id: String
    public var granularity: Granularity
    public var level: AccessLevel
    public var identity: Identity
    public var materials: [Material]
    public var substances: [ProductClass.SubstanceOfConcern]?
    public var carbon: Carbon?
    public var durability: ProductClass.Durability?
    public var endOfLife: ProductClass.EndOfLife?
    public var trail: [TrailEntry]?
    public var circularity: Circularity?
    /// The check against the public restricted-substance lists, when anything upstream is declared (docs/substances.md).
    public var substanceCompliance: Compliance?
    /// The law that makes the substances public (a battery's): then no policy withholds them.
    public var substancesPublicByLaw: String?
    public var policy: AccessPolicy
    /// Names of the fields this view withholds (never their values), so a reader knows there is more.
    public var withheld: [PassportField] = []

    public init(
        id: String, granularity: Granularity, level: AccessLevel, identity: Identity, materials: [Material],
        substances: [ProductClass.SubstanceOfConcern]? = nil, carbon: Carbon? = nil, durability: ProductClass.Durability? = nil,
        endOfLife: ProductClass.EndOfLife? = nil, trail: [TrailEntry]? = nil, circularity: Circularity? = nil, policy: AccessPolicy,
        withheld: [PassportField] = []
    ) {
        self.id = id; self.granularity = granularity; self.level = level; self.identity = identity; self.materials = materials
        self.substances = substances; self.carbon = carbon; self.durability = durability; self.endOfLife = endOfLife; self.trail = trail
        self.circularity = circularity; self.policy = policy; self.withheld = withheld
    }

    /// The same passport with every field above `level` removed. A field is named in `withheld` when this removed a
    /// value of it (a field the passport has no value for is not withheld from anyone).
    public func redacted(to level: AccessLevel) -> Passport {
        var p = self
        p.level = level
        var withheld: Set<PassportField> = []
        func strip<T>(_ f: PassportField, _ value: inout T?) {
            guard value != nil, !policy.allows(f, at: level) else { return }
            value = nil
            withheld.insert(f)
        }
        strip(.productionSite, &p.identity.productionSite)
        // A site's name and address say as much as its identifier: withheld with it, not reported apart.
        if p.identity.productionSite == nil { (p.identity.productionSiteName, p.identity.productionSiteAddress) = (nil, nil) }
        strip(.productionDate, &p.identity.productionDate)
        strip(.countryOfProduction, &p.identity.countryOfProduction)
        for i in p.materials.indices {
            strip(.materialGrade, &p.materials[i].grade)
            strip(.materialMass, &p.materials[i].massKg)
            strip(.materialFraction, &p.materials[i].massFraction)
            strip(.materialRecycledContent, &p.materials[i].recycledContent)
            if !policy.allows(.materialRecycledContent, at: level) { p.materials[i].recycledContentSource = nil }
            strip(.materialChainOfCustody, &p.materials[i].chainOfCustody)
            strip(.materialSupplier, &p.materials[i].supplier)
            strip(.materialLot, &p.materials[i].lot)
        }
        // For a battery the law makes the substances public: neither they nor the check that names them are withheld.
        if substancesPublicByLaw == nil { strip(.substanceCompliance, &p.substanceCompliance) }
        if substancesPublicByLaw == nil, !policy.allows(.substances, at: level) {
            strip(.substances, &p.substances)
            // The substances found are what `substances` guards; the statuses stay with `substances.compliance`.
            if let found = p.substanceCompliance?.found, !found.isEmpty {
                p.substanceCompliance?.found = []
                withheld.insert(.substances)
            }
        }
        strip(.footprint, &p.carbon)
        if p.carbon != nil { strip(.footprintByStep, &p.carbon!.byStep) }
        strip(.durability, &p.durability)
        strip(.endOfLife, &p.endOfLife)
        strip(.circularity, &p.circularity)
        strip(.trail, &p.trail)
        for i in p.trail?.indices ?? 0..<0 {
            strip(.trailSite, &p.trail![i].site)
            if p.trail![i].site == nil { p.trail![i].siteName = nil }
            // The maker is named on the passport anyway (by whom, not by a name another organisation could also take);
            // other organisations, its grantees too, are named as the policy allows.
            if !(p.trail![i].byMaker && p.trail![i].organisation == identity.maker.name) {
                strip(.trailOrganisation, &p.trail![i].organisation)
                // The recording organisation's own choice not to be named holds below authority; it is not a field the
                // maker's policy withholds, so it is not listed in `withheld`.
                if !p.trail![i].organisationNamed && level < .authority { p.trail![i].organisation = nil }
            }
        }
        p.withheld = PassportField.allCases.filter(withheld.contains)
        return p
    }
}

extension Passport.TrailEntry {
    /// Whose statement the entry is, as every view says it: "maker" or "another organisation".
    public var statementOf: String { byMaker ? "maker" : "another organisation" }
}
