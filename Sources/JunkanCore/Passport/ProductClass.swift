import Foundation

/// Master data of a product class (one GTIN), registered by its maker with `POST /products` or carried as
/// `junkan:productClass` in the ILMD of the event that commissions its items: what it is made of (a bill of
/// materials by part), substances of concern, durability and repair, end of life, and who may see what.
public struct ProductClass: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var part: String
        /// ISO 1043 polymer code or a metal/material name.
        public var material: String
        /// The grade's id in the materials bank, or a trade name.
        public var grade: String?
        public var massKg: Double
        public var recycledContent: LotDeclaration.RecycledContent?
        public var chainOfCustody: ChainOfCustody?
        public var supplier: String?
        /// The lot the part is moulded from (a Digital Link): its recycled content then comes from the trace.
        public var lot: String?
    }

    public struct SubstanceOfConcern: Sendable, Equatable {
        public var name: String
        public var cas: String?
        /// Mass percent in the article named by `location`.
        public var concentrationPercent: Double
        public var location: String
    }

    public struct Durability: Sendable, Equatable {
        public var expectedLifetimeYears: Double?
        public var warrantyYears: Double?
        public var sparePartsYears: Double?
        /// EN 45554-style repairability score, 0–10.
        public var repairabilityScore: Double?
        public var repairInformation: String?
    }

    public struct TakeBack: Sendable, Equatable {
        public var name: String
        public var url: String?
    }

    public struct EndOfLife: Sendable, Equatable {
        public var instructions: String
        public var takeBack: [TakeBack]
    }

    public struct Grant: Sendable, Equatable {
        public var organisation: String
        public var level: AccessLevel
    }

    /// GTIN-14.
    public var gtin: String
    public var name: String
    public var description: String?
    public var makerGLN: String?
    /// The circularity product type (docs/circularity.md, e.g. `pc`) whose collection figures apply.
    public var productType: String?
    public var countryOfProduction: String?
    public var parts: [Part]
    public var substances: [SubstanceOfConcern]
    public var durability: Durability?
    public var endOfLife: EndOfLife?
    public var access: AccessPolicy
    public var grants: [Grant]
    /// What a SCIP notification needs beyond the composition (docs/substances.md).
    public var scip: Scip?

    public var totalMassKg: Double { parts.reduce(0) { $0 + $1.massKg } }

    public func grant(for organisation: String) -> AccessLevel? {
        grants.filter { $0.organisation == organisation }.map(\.level).max()
    }
}

extension ProductClass {
    static let members: Set<String> = [
        "gtin", "name", "description", "makerGLN", "productType", "countryOfProduction", "parts", "substances",
        "durability", "endOfLife", "access", "grants", "scip"
    ]

    /// Reads and checks a product class document; every error names its member with a JSON pointer.
    public static func parse(_ value: JSONValue) throws(MaterialError) -> ProductClass {
        guard let o = value.objectValue else { throw MaterialError("", "a product class is a JSON object, found \(value.typeName)") }
        try MaterialJSON.allowOnly(members, in: o)
        let gtinText = try MaterialJSON.string(o, "gtin", maxLength: 14)
        let gtin: String
        do throws(GS1Error) { gtin = try DigitalLink(primaryKey: .init(ai: "01", value: gtinText)).primaryKey.value } catch {
            throw MaterialError("/gtin", error.description)
        }
        var gln: String?
        if let g = try MaterialJSON.optionalString(o, "makerGLN", maxLength: 13) {
            do throws(GS1Error) { try GS1SyntaxDictionary.validate(ai: "414", value: g) } catch { throw MaterialError("/makerGLN", error.description) }
            gln = g
        }
        let country = try MaterialJSON.optionalString(o, "countryOfProduction", maxLength: 2)
        if let country, !CountryCodes.alpha2.contains(country) {
            throw MaterialError("/countryOfProduction", "\(country) is not an ISO 3166-1 alpha-2 code")
        }
        var parts: [Part] = []
        for (i, item) in (try MaterialJSON.array(o, "parts") ?? []).enumerated() {
            do throws(MaterialError) { parts.append(try part(item)) } catch { throw error.under("/parts/\(i)") }
        }
        guard !parts.isEmpty else { throw MaterialError("/parts", "a product class lists at least one part (its bill of materials)") }
        var substances: [SubstanceOfConcern] = []
        for (i, item) in (try MaterialJSON.array(o, "substances") ?? []).enumerated() {
            do throws(MaterialError) { substances.append(try substance(item)) } catch { throw error.under("/substances/\(i)") }
        }
        var grants: [Grant] = []
        for (i, item) in (try MaterialJSON.array(o, "grants") ?? []).enumerated() {
            do throws(MaterialError) {
                guard let g = item.objectValue else { throw MaterialError("", "a grant is an object") }
                try MaterialJSON.allowOnly(["organisation", "level"], in: g)
                let level = try accessLevel(try MaterialJSON.string(g, "level"), at: "/level")
                guard level != .public else { throw MaterialError("/level", "everyone sees public fields; grant authority or owner") }
                grants.append(Grant(organisation: try MaterialJSON.string(g, "organisation"), level: level))
            } catch { throw error.under("/grants/\(i)") }
        }
        return ProductClass(
            gtin: gtin, name: try MaterialJSON.string(o, "name"), description: try MaterialJSON.optionalString(o, "description", maxLength: 2000),
            makerGLN: gln, productType: try MaterialJSON.optionalString(o, "productType", maxLength: 64), countryOfProduction: country,
            parts: parts, substances: substances, durability: try durability(try MaterialJSON.object(o, "durability")),
            endOfLife: try endOfLife(try MaterialJSON.object(o, "endOfLife")), access: try policy(try MaterialJSON.object(o, "access")),
            grants: grants, scip: try scip(try MaterialJSON.object(o, "scip")))
    }

    static func accessLevel(_ s: String, at pointer: String) throws(MaterialError) -> AccessLevel {
        guard let level = AccessLevel(rawValue: s) else {
            throw MaterialError(pointer, "\(s) is not an access level; use " + AccessLevel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return level
    }

    static func policy(_ o: JSONObject?) throws(MaterialError) -> AccessPolicy {
        var overrides: [PassportField: AccessLevel] = [:]
        for (key, value) in o ?? JSONObject() {
            guard let field = PassportField(rawValue: key) else {
                throw MaterialError(
                    "/access/\(key)",
                    "no passport field is called \(key); the fields are "
                        + PassportField.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard let s = value.stringValue else { throw MaterialError("/access/\(key)", "a level is a string") }
            overrides[field] = try accessLevel(s, at: "/access/\(key)")
        }
        return AccessPolicy(overrides: overrides)
    }

    static func part(_ value: JSONValue) throws(MaterialError) -> Part {
        guard let o = value.objectValue else { throw MaterialError("", "a part is an object, found \(value.typeName)") }
        try MaterialJSON.allowOnly(["part", "material", "grade", "massKg", "recycledContent", "chainOfCustody", "supplier", "lot"], in: o)
        var recycled: LotDeclaration.RecycledContent?
        if let r = try MaterialJSON.object(o, "recycledContent") {
            do throws(MaterialError) {
                try MaterialJSON.allowOnly(["preConsumer", "postConsumer"], in: r)
                let pre = try MaterialJSON.optionalNumber(r, "preConsumer", in: 0...1) ?? 0
                let post = try MaterialJSON.optionalNumber(r, "postConsumer", in: 0...1) ?? 0
                guard pre + post <= 1 + 1e-9 else { throw MaterialError("", "pre- and post-consumer shares add up to more than 1") }
                recycled = .init(preConsumer: pre, postConsumer: post)
            } catch { throw error.under("/recycledContent") }
        }
        var custody: ChainOfCustody?
        if let c = try MaterialJSON.optionalString(o, "chainOfCustody") {
            guard let model = ChainOfCustody(rawValue: c) else {
                throw MaterialError("/chainOfCustody", "\(c) is not an ISO 22095 model; use " + ChainOfCustody.allCases.map(\.rawValue).joined(separator: ", "))
            }
            custody = model
        }
        var lot: String?
        if let l = try MaterialJSON.optionalString(o, "lot", maxLength: 300) {
            do throws(MaterialError) { lot = try MaterialLot.canonicalID(l) } catch { throw error.under("/lot") }
        }
        return Part(
            part: try MaterialJSON.string(o, "part"), material: try MaterialJSON.string(o, "material", maxLength: 100),
            grade: try MaterialJSON.optionalString(o, "grade"), massKg: try MaterialJSON.number(o, "massKg", in: 0...1e6, exclusiveMin: true),
            recycledContent: recycled, chainOfCustody: custody, supplier: try MaterialJSON.optionalString(o, "supplier"), lot: lot)
    }

    static func substance(_ value: JSONValue) throws(MaterialError) -> SubstanceOfConcern {
        guard let o = value.objectValue else { throw MaterialError("", "a substance is an object, found \(value.typeName)") }
        try MaterialJSON.allowOnly(["name", "cas", "concentrationPercent", "location"], in: o)
        let cas = try MaterialJSON.optionalString(o, "cas", maxLength: 12)
        if let cas, let problem = CASNumber.problem(cas) {
            throw MaterialError(
                "/cas",
                problem == .malformed
                    ? "\(cas) is not a CAS number (2–7 digits, 2 digits, check digit)"
                    : "\(cas) has a wrong check digit")
        }
        return SubstanceOfConcern(
            name: try MaterialJSON.string(o, "name"), cas: cas,
            concentrationPercent: try MaterialJSON.number(o, "concentrationPercent", in: 0...100),
            location: try MaterialJSON.string(o, "location"))
    }

    public static func durability(_ o: JSONObject?) throws(MaterialError) -> Durability? {
        guard let o else { return nil }
        do throws(MaterialError) {
            try MaterialJSON.allowOnly(["expectedLifetimeYears", "warrantyYears", "sparePartsYears", "repairabilityScore", "repairInformation"], in: o)
            return Durability(
                expectedLifetimeYears: try MaterialJSON.optionalNumber(o, "expectedLifetimeYears", in: 0...200),
                warrantyYears: try MaterialJSON.optionalNumber(o, "warrantyYears", in: 0...200),
                sparePartsYears: try MaterialJSON.optionalNumber(o, "sparePartsYears", in: 0...200),
                repairabilityScore: try MaterialJSON.optionalNumber(o, "repairabilityScore", in: 0...10),
                repairInformation: try MaterialJSON.optionalString(o, "repairInformation", maxLength: 1000))
        } catch { throw error.under("/durability") }
    }

    static func endOfLife(_ o: JSONObject?) throws(MaterialError) -> EndOfLife? {
        guard let o else { return nil }
        do throws(MaterialError) {
            try MaterialJSON.allowOnly(["instructions", "takeBack"], in: o)
            var takeBack: [TakeBack] = []
            for (i, item) in (try MaterialJSON.array(o, "takeBack") ?? []).enumerated() {
                guard let t = item.objectValue else { throw MaterialError("/takeBack/\(i)", "a take-back scheme is an object") }
                do throws(MaterialError) {
                    try MaterialJSON.allowOnly(["name", "url"], in: t)
                    takeBack.append(TakeBack(name: try MaterialJSON.string(t, "name"), url: try MaterialJSON.optionalString(t, "url", maxLength: 1000)))
                } catch { throw error.under("/takeBack/\(i)") }
            }
            return EndOfLife(instructions: try MaterialJSON.string(o, "instructions", maxLength: 4000), takeBack: takeBack)
        } catch { throw error.under("/endOfLife") }
    }
}
