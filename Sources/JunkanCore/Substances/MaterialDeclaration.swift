/// A supplier's material declaration (IEC 62474:2018 §4.5, composition declaration): what a product, a part or a lot
/// is made of, down to homogeneous materials and the substances in them. It names what it declares by a GS1 identifier
/// (`subject`: the canonical Digital Link of an item, a lot or a product class), which ties it to the trace graph.
public struct MaterialDeclaration: Sendable, Equatable {
    /// The canonical GS1 Digital Link (`https://id.gs1.org/01/…`) of what is declared.
    public var subject: String
    public var name: String?
    /// The supplier (IEC 62474 `SupplyCompany`), as written.
    public var supplier: String?
    /// The response date (`YYYY-MM-DD`), as written.
    public var date: String?
    /// The declarable substance list the supplier answered against (`authority identity version`), when given.
    public var substanceList: String?
    /// The product's own build: its mass, parts and materials.
    public var product: DeclaredPart
    /// The declaration for compliance (IEC 62474 §4.4): per declarable substance or group, whether it is present
    /// above its reporting threshold, as the supplier answered. Kept as declared; the roll-up reads the composition.
    public var complianceAnswers: [ComplianceAnswer]

    public init(
        subject: String, name: String? = nil, supplier: String? = nil, date: String? = nil, substanceList: String? = nil,
        product: DeclaredPart, complianceAnswers: [ComplianceAnswer] = []
    ) {
        self.subject = subject
        self.name = name
        self.supplier = supplier
        self.date = date
        self.substanceList = substanceList
        self.product = product
        self.complianceAnswers = complianceAnswers
    }
}

/// A product part (IEC 62474 `ProductPart`): an article in the product, with its own parts and materials.
public struct DeclaredPart: Sendable, Equatable {
    public var name: String
    /// Mass of one of it, in kilograms.
    public var massKg: Double?
    /// How many of it the parent holds.
    public var quantity: Double
    public var parts: [DeclaredPart]
    public var materials: [DeclaredMaterial]

    public init(name: String, massKg: Double? = nil, quantity: Double = 1, parts: [DeclaredPart] = [], materials: [DeclaredMaterial] = []) {
        self.name = name
        self.massKg = massKg
        self.quantity = quantity
        self.parts = parts
        self.materials = materials
    }
}

/// A homogeneous material (IEC 62474 `Material`; "of uniform composition throughout", RoHS 2011/65/EU Art. 3(20)).
public struct DeclaredMaterial: Sendable, Equatable {
    public var name: String
    /// The IEC 62474 material class (`M-014` …), when given.
    public var materialClass: String?
    public var massKg: Double?
    public var substances: [DeclaredSubstance]

    /// The name of the material that holds substances declared outside any material of their part.
    public static let outsideMaterials = "(substances declared outside a material)"

    public init(name: String, materialClass: String? = nil, massKg: Double? = nil, substances: [DeclaredSubstance] = []) {
        self.name = name
        self.materialClass = materialClass
        self.massKg = massKg
        self.substances = substances
    }
}

/// A substance in a material: by mass, or by mass fraction of the material, or both.
public struct DeclaredSubstance: Sendable, Equatable {
    public var name: String
    /// The CAS Registry Number, checked; nil for a substance declared by name only (it then matches no list entry by
    /// number, and a list entry matches it by name only when the names are equal).
    public var cas: String?
    public var massKg: Double?
    /// Mass fraction of its material, 0…1.
    public var fraction: Double?
    /// Exemptions the supplier claims for it (`III-6(c)`, as the list names them).
    public var exemptions: [String]
    /// How it was measured, for a measured lot: method (`XRF`, `GC-MS`) and limit of detection (mass fraction).
    public var measurement: Measurement?

    public struct Measurement: Sendable, Equatable {
        public var method: String
        public var limitOfDetection: Double?
        public init(method: String, limitOfDetection: Double? = nil) {
            self.method = method
            self.limitOfDetection = limitOfDetection
        }
    }

    public init(
        name: String, cas: String? = nil, massKg: Double? = nil, fraction: Double? = nil, exemptions: [String] = [], measurement: Measurement? = nil
    ) {
        self.name = name
        self.cas = cas
        self.massKg = massKg
        self.fraction = fraction
        self.exemptions = exemptions
        self.measurement = measurement
    }
}

/// One answer of a declaration for compliance: a declarable substance (group) and whether it is above its threshold.
public struct ComplianceAnswer: Sendable, Equatable {
    public var substance: String
    public var aboveThreshold: Bool?
    public init(substance: String, aboveThreshold: Bool?) {
        self.substance = substance
        self.aboveThreshold = aboveThreshold
    }
}
