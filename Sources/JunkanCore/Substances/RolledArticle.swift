/// A roll-up's result: an article (the product, a part, a traced lot) with its homogeneous materials and the articles
/// it holds, each substance with its mass fraction and where it comes from. "Once an article, always an article"
/// (CJEU C-106/14): assembled parts stay articles here; blended lots become one material.
public struct RolledArticle: Sendable, Equatable {
    /// The declared identifier, or the parent's followed by ` › ` and the part's name.
    public var path: String
    public var name: String
    /// Mass of one, in kilograms, when known.
    public var massKg: Double?
    /// How many the parent holds.
    public var quantity: Double
    public var materials: [RolledMaterial]
    public var articles: [RolledArticle]
    /// Why nothing is known of what it is made of (no declaration, no traced making), when so.
    public var unknown: String?

    public init(
        path: String, name: String, massKg: Double?, quantity: Double = 1, materials: [RolledMaterial] = [], articles: [RolledArticle] = [],
        unknown: String? = nil
    ) {
        self.path = path
        self.name = name
        self.massKg = massKg
        self.quantity = quantity
        self.materials = materials
        self.articles = articles
        self.unknown = unknown
    }
}

/// A homogeneous material in an article.
public struct RolledMaterial: Sendable, Equatable {
    public var name: String
    public var massKg: Double?
    public var substances: [RolledSubstance]
    /// Why its composition is not fully known (a blended lot without a declaration), when so.
    public var unknown: String?
    /// False for the substances a part declares outside any material: they count in the article, not as a material.
    public var isHomogeneous: Bool

    public init(name: String, massKg: Double?, substances: [RolledSubstance], unknown: String? = nil, isHomogeneous: Bool = true) {
        self.name = name
        self.massKg = massKg
        self.substances = substances
        self.unknown = unknown
        self.isHomogeneous = isHomogeneous
    }
}

/// A substance in a material: its fraction of the material, its mass in one of the article, and its sources.
public struct RolledSubstance: Sendable, Equatable {
    public var name: String
    public var cas: String?
    /// Mass fraction of its material, when known.
    public var fraction: Double?
    /// Mass in the material, when known.
    public var massKg: Double?
    public var exemptions: [String]
    public var sources: [SubstanceOrigin]

    public init(name: String, cas: String?, fraction: Double?, massKg: Double?, exemptions: [String] = [], sources: [SubstanceOrigin]) {
        self.name = name
        self.cas = cas
        self.fraction = fraction
        self.massKg = massKg
        self.exemptions = exemptions
        self.sources = sources
    }

    /// The key that joins the same substance from several sources: its CAS number, else its name.
    var key: String { cas ?? name.lowercased() }
}

/// Where (part of) a substance comes from: the declaration that declares it, and the lot that brought it through a
/// blend, with the share of the blend's mass that lot was.
public struct SubstanceOrigin: Sendable, Equatable {
    /// The declared identifier (the declaration's subject).
    public var declaration: String
    /// The path of the part or lot in that declaration's own build.
    public var part: String
    public var material: String
    /// The lot it came through and that lot's share of the blend, when it came through a blend.
    public var viaLot: String?
    public var share: Double?
    /// How it was measured (`XRF, LOD 0.001 %`), for a measured lot.
    public var measurement: String?

    public init(declaration: String, part: String, material: String, viaLot: String? = nil, share: Double? = nil, measurement: String? = nil) {
        self.declaration = declaration
        self.part = part
        self.material = material
        self.viaLot = viaLot
        self.share = share
        self.measurement = measurement
    }
}
