import Foundation

/// ISO 22095:2020 chain-of-custody models, from the strictest to the loosest link between the physical material and
/// its claimed characteristics.
public enum ChainOfCustody: String, Sendable, CaseIterable {
    case identityPreserved = "identity-preserved", segregated, controlledBlending = "controlled-blending", massBalance = "mass-balance"
    case bookAndClaim = "book-and-claim"
}

/// A certificate that covers a lot (ISCC PLUS, RecyClass, EuCertPlast, GRS, UL 2809 …).
public struct MaterialCertificate: Sendable, Equatable {
    public var scheme: String
    public var id: String
    /// ISO 8601 date (YYYY-MM-DD).
    public var validUntil: String?

    public init(scheme: String, id: String, validUntil: String? = nil) { self.scheme = scheme; self.id = id; self.validUntil = validUntil }

    static func decode(_ json: JSONValue) throws(MaterialError) -> MaterialCertificate {
        guard let o = json.objectValue else { throw MaterialError("", "a certificate is an object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(["scheme", "id", "validUntil"], in: o)
        let until = try MaterialJSON.optionalString(o, "validUntil")
        if let until, !isCalendarDate(until) { throw MaterialError("/validUntil", "validUntil is a date YYYY-MM-DD, found \"\(until)\"") }
        return MaterialCertificate(scheme: try MaterialJSON.string(o, "scheme"), id: try MaterialJSON.string(o, "id"), validUntil: until)
    }

    /// YYYY-MM-DD naming a day that exists (ISO 8601 calendar date, proleptic Gregorian).
    static func isCalendarDate(_ s: String) -> Bool {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2, p.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m)
        else { return false }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (1...days).contains(d)
    }

    var json: JSONValue {
        var o = JSONObject([("scheme", .string(scheme)), ("id", .string(id))])
        if let validUntil { o["validUntil"] = .string(validUntil) }
        return .object(o)
    }
}

/// A price per kg in an ISO 4217 currency.
public struct MaterialPrice: Sendable, Equatable {
    public var perKg: Double
    public var currency: String
    public init(perKg: Double, currency: String) { self.perKg = perKg; self.currency = currency }
}

/// A lot on offer: so many kg of a grade at a place, identified by its GS1 Digital Link (`/01/{gtin}/10/{lot}`, the
/// same identifier its EPCIS events use, so a traced lot's footprint and recycled content come from the trace graph).
public struct MaterialLot: Sendable, Equatable {
    public var id: String
    public var grade: String
    public var massKg: Double
    public var location: GeoPoint
    public var price: MaterialPrice?
    public var chainOfCustody: ChainOfCustody?
    public var certificates: [MaterialCertificate]
    /// Measured on this lot; each overrides the grade's value of the same property and conditions.
    public var properties: [PropertyValue]
    /// Mass share of recycled material, 0–1, as declared (nil: 1 for recycled grades, 0 otherwise).
    public var recycledShare: Double?
    public var recycled: RecycledLotData?
    /// Declared for this lot; nil when the lot declares nothing beyond its grade.
    public var substancesOfConcern: [Substance]?

    public init(
        id: String, grade: String, massKg: Double, location: GeoPoint, price: MaterialPrice? = nil, chainOfCustody: ChainOfCustody? = nil,
        certificates: [MaterialCertificate] = [], properties: [PropertyValue] = [], recycledShare: Double? = nil,
        recycled: RecycledLotData? = nil, substancesOfConcern: [Substance]? = nil
    ) {
        self.id = id; self.grade = grade; self.massKg = massKg; self.location = location; self.price = price; self.chainOfCustody = chainOfCustody
        self.certificates = certificates; self.properties = properties; self.recycledShare = recycledShare; self.recycled = recycled
        self.substancesOfConcern = substancesOfConcern
    }

    public static let keys: Set<String> = [
        "id", "grade", "massKg", "location", "price", "chainOfCustody", "certificates", "properties",
        "recycledShare", "recycled", "substancesOfConcern"
    ]

    /// The lot's identifier in canonical form (the GS1 Digital Link of a GTIN with a batch/lot number), or why not.
    public static func canonicalID(_ text: String) throws(MaterialError) -> String {
        let dl: DigitalLink?
        do { dl = try GS1Identifier.digitalLink(from: text) } catch { throw MaterialError("/id", "\"\(text)\" is not a valid GS1 key: \(error)") }
        guard let dl, dl.primaryKey.ai == "01", dl.qualifier("10") != nil, dl.qualifier("21") == nil else {
            throw MaterialError(
                "/id",
                "a lot's id is a GS1 Digital Link with a GTIN and a lot number, https://id.gs1.org/01/{gtin}/10/{lot} "
                    + "(or urn:epc:class:lgtin:…), found \"\(text)\"")
        }
        return dl.canonicalURI
    }

    /// `kind` is the lot's grade's kind (it decides the recycled data the lot may carry and its default recycled share).
    public static func decode(_ json: JSONValue, kind: MaterialKind?) throws(MaterialError) -> MaterialLot {
        guard let o = json.objectValue else { throw MaterialError("", "a lot is a JSON object, found \(json.typeName)") }
        try MaterialJSON.allowOnly(keys, in: o)
        let id = try canonicalID(try MaterialJSON.string(o, "id", maxLength: 300))
        let grade = try MaterialJSON.string(o, "grade", maxLength: 200)
        guard let locationObject = try MaterialJSON.object(o, "location") else { throw MaterialError("/location", "location {\"lat\",\"lon\"} is required") }
        let location: GeoPoint
        do { location = try GeoPoint.decode(locationObject) } catch { throw error.under("/location") }
        var price: MaterialPrice?
        if let p = try MaterialJSON.object(o, "price") {
            try MaterialJSON.allowOnly(["perKg", "currency"], in: p)
            let currency: String
            do { currency = try MaterialJSON.string(p, "currency") } catch { throw error.under("/price") }
            guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw MaterialError("/price/currency", "currency is an ISO 4217 code such as EUR or JPY, found \"\(currency)\"")
            }
            do { price = MaterialPrice(perKg: try MaterialJSON.number(p, "perKg", in: 0...1e6, exclusiveMin: true), currency: currency) } catch {
                throw error.under("/price")
            }
        }
        var custody: ChainOfCustody?
        if let text = try MaterialJSON.optionalString(o, "chainOfCustody") {
            guard let c = ChainOfCustody(rawValue: text) else {
                throw MaterialError("/chainOfCustody", "an ISO 22095 model: " + ChainOfCustody.allCases.map(\.rawValue).joined(separator: ", "))
            }
            custody = c
        }
        var certificates: [MaterialCertificate] = []
        for (i, item) in (try MaterialJSON.array(o, "certificates") ?? []).enumerated() {
            do { certificates.append(try MaterialCertificate.decode(item)) } catch { throw error.under("/certificates/\(i)") }
        }
        var recycled: RecycledLotData?
        if let kind, kind.isRecycled {
            do { recycled = try RecycledLotData.decode(try MaterialJSON.object(o, "recycled") ?? JSONObject(), kind: kind) } catch {
                throw error.under("/recycled")
            }
        } else if o["recycled"] != nil, o["recycled"] != .null {
            throw MaterialError("/recycled", "recycled data belongs to lots of a recycled grade; grade \(grade) is \(kind?.rawValue ?? "unknown")")
        }
        return MaterialLot(
            id: id, grade: grade, massKg: try MaterialJSON.number(o, "massKg", in: 0...1e9, exclusiveMin: true), location: location,
            price: price, chainOfCustody: custody, certificates: certificates, properties: try MaterialJSON.properties(o),
            recycledShare: try MaterialJSON.optionalNumber(o, "recycledShare", in: 0...1), recycled: recycled,
            substancesOfConcern: try Substance.decodeList(o))
    }

    /// The grade id a lot document names, read before the grade is looked up (its kind decides the rest).
    public static func gradeID(_ json: JSONValue) throws(MaterialError) -> String {
        guard let o = json.objectValue else { throw MaterialError("", "a lot is a JSON object, found \(json.typeName)") }
        return try MaterialJSON.string(o, "grade", maxLength: 200)
    }

    public var json: JSONValue {
        var o = JSONObject([("id", .string(id)), ("grade", .string(grade)), ("massKg", MaterialJSON.number(massKg)), ("location", location.json)])
        if let price { o["price"] = .object(JSONObject([("perKg", MaterialJSON.number(price.perKg)), ("currency", .string(price.currency))])) }
        if let chainOfCustody { o["chainOfCustody"] = .string(chainOfCustody.rawValue) }
        o["certificates"] = .array(certificates.map(\.json))
        o["properties"] = .array(properties.map(\.json))
        if let recycledShare { o["recycledShare"] = MaterialJSON.number(recycledShare) }
        if let recycled { o["recycled"] = recycled.json }
        if let substancesOfConcern { o["substancesOfConcern"] = .array(substancesOfConcern.map(\.json)) }
        return .object(o)
    }
}
