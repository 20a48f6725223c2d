/// The passport as a W3C Verifiable Credential 2.0 (`application/ld+json`) in the terms of the UN Transparency
/// Protocol's DPP data model where they fit (`materialsProvenance`, `emissionsScorecard`, `circularityScorecard`,
/// `traceabilityInformation`), and Junkan's own terms (`junkan:`) for the rest: each trail event's hash and its
/// tlog-proof@v1, substances of concern, durability. Secured as `application/vc+jwt` with `CompactJWS` (VC-JOSE-COSE
/// §3.1.1: the credential itself is the JWT claims set).
public enum PassportCredential {
    public static let untpContext = "https://test.uncefact.org/vocabulary/untp/dpp/0.5.0/"
    public static let mediaTypeJWT = "application/vc+jwt"

    public struct Issuer: Sendable {
        public var did: String
        public var name: String
        public init(did: String, name: String) { self.did = did; self.name = name }
    }

    /// `baseURL`: where this node serves events (trail links). `validFrom`: ISO 8601.
    public static func credential(_ p: Passport, id: String, issuer: Issuer, validFrom: String, baseURL: String) -> JSONValue {
        .object(
            JSONObject([
                (
                    "@context",
                    .array([
                        "https://www.w3.org/ns/credentials/v2", .string(untpContext),
                        .object(JSONObject([("junkan", .string(TraceVocabulary.namespace))]))
                    ])
                ),
                ("type", .array(["VerifiableCredential", "DigitalProductPassport"])),
                ("id", .string(id)),
                ("issuer", .object(JSONObject([("type", .array(["CredentialIssuer"])), ("id", .string(issuer.did)), ("name", .string(issuer.name))]))),
                ("validFrom", .string(validFrom)),
                ("credentialSubject", subject(p, issuer: issuer, baseURL: baseURL))
            ]))
    }

    public static func jwt(_ credential: JSONValue, issuer: Issuer, seed: [UInt8]) throws -> String {
        let header = JSONObject([("alg", "EdDSA"), ("kid", .string(DIDWeb.keyID(issuer.did))), ("typ", "vc+jwt"), ("cty", "vc")])
        return try CompactJWS.sign(header: header, payload: Array(JSONWriter.string(credential).utf8), seed: seed)
    }

    static func subject(_ p: Passport, issuer: Issuer, baseURL: String) -> JSONValue {
        var s = JSONObject([("type", .array(["Product"])), ("id", .string(p.id)), ("name", .string(p.identity.name))])
        Passport.put(&s, "description", p.identity.description)
        s["idGranularity"] = .string(p.granularity == .lot ? "batch" : p.granularity.rawValue)
        s["productIdentifier"] = .object(
            JSONObject([
                ("id", .string(p.id)), ("name", .string(p.identity.gtin)), ("registeredId", .string(p.identity.gtin)),
                ("idScheme", .object(JSONObject([("id", "https://id.gs1.org/01/"), ("name", "Global Trade Item Number (GTIN)")])))
            ]))
        Passport.put(&s, "serialNumber", p.identity.serial)
        Passport.put(&s, "batchNumber", p.identity.lot)
        var maker = JSONObject([
            ("id", .string(p.identity.maker.gln.map { "https://id.gs1.org/414/\($0)" } ?? issuer.did)), ("name", .string(p.identity.maker.name))
        ])
        Passport.put(&maker, "registeredId", p.identity.maker.gln)
        s["producedByParty"] = .object(maker)
        if let site = p.identity.productionSite {
            s["producedAtFacility"] = .object(JSONObject([("id", .string(site)), ("name", .string(p.identity.productionSiteName ?? site))]))
        }
        Passport.put(&s, "productionDate", p.identity.productionDate)
        Passport.put(&s, "countryOfProduction", p.identity.countryOfProduction)
        s["materialsProvenance"] = .array(p.materials.map(material))
        if let substances = p.substances { s["junkan:substancesOfConcern"] = .array(substances.map(Passport.substanceJSON)) }
        if let c = p.carbon { s["emissionsScorecard"] = emissions(c) }
        if p.circularity != nil || p.endOfLife != nil || p.durability != nil { s["circularityScorecard"] = circularityScorecard(p) }
        if let d = p.durability { s["junkan:durability"] = Passport.durabilityJSON(d) }
        if let trail = p.trail {
            // The issuer signs only its own statements (and its grantees'): a step another organisation recorded is that
            // organisation's word, proven by its own signed log leaf and shown in the passport's other views as such.
            s["traceabilityInformation"] = .array(trail.filter(\.byMaker).map { traceability($0, baseURL: baseURL) })
            let others = trail.filter { !$0.byMaker }.count
            if others > 0 { s["junkan:stepsRecordedByOthers"] = .number(JSONNumber(others)) }
            // The steps that came from other companies' nodes: not the issuer's statements, but the evidence it relied
            // on, each with the node whose log holds it and its proof there (issue 27, item 5; junkan verify-passport).
            let remote = trail.filter { $0.node != nil && $0.logProof != nil }
            if !remote.isEmpty {
                s["junkan:evidenceFromPeers"] = .array(
                    remote.map { e in
                        .object(
                            JSONObject([
                                ("junkan:eventHash", .string(e.eventHash)), ("junkan:node", .string(e.node!)), ("junkan:logProof", .string(e.logProof!))
                            ]))
                    })
            }
        }
        s["junkan:accessLevel"] = .string(p.level.rawValue)
        s["junkan:withheld"] = .array(p.withheld.map { .string($0.rawValue) })
        return .object(s)
    }

    /// One part of the bill of materials as UNTP `materialsProvenance`.
    static func material(_ m: Passport.Material) -> JSONValue {
        let n = Passport.n
        var o = JSONObject([
            ("name", .string(m.part)),
            (
                "materialType",
                .object(
                    JSONObject([
                        ("code", .string(m.material)), ("name", .string(m.material)),
                        ("schemeID", "ISO 1043-1")
                    ]))
            )
        ])
        Passport.put(&o, "massFraction", m.massFraction)
        if let kg = m.massKg { o["massAmount"] = .object(JSONObject([("value", n(kg)), ("unit", "KGM")])) }
        if let r = m.recycledContent {
            o["recycledMassFraction"] = n(r.preConsumer + r.postConsumer)
            o["junkan:recycledContent"] = Passport.recycledJSON(r)
        }
        Passport.put(&o, "junkan:grade", m.grade)
        Passport.put(&o, "junkan:chainOfCustody", m.chainOfCustody?.rawValue)
        Passport.put(&o, "junkan:supplier", m.supplier)
        Passport.put(&o, "junkan:lot", m.lot)
        return .object(o)
    }

    /// The footprint as UNTP `emissionsScorecard`.
    static func emissions(_ c: Passport.Carbon) -> JSONValue {
        let n = Passport.n
        var e = JSONObject([
            ("carbonFootprint", n(c.kgCO2e ?? c.kgCO2ePerKg)), ("declaredUnit", .string(c.kgCO2e == nil ? "KGM" : "H87")),
            ("operationalScope", "CradleToGate"), ("primarySourcedRatio", n(c.primaryDataShare)),
            ("reportingStandard", "ISO 14067:2018"), ("junkan:kgCO2ePerKg", n(c.kgCO2ePerKg))
        ])
        if let steps = c.byStep {
            e["junkan:byStep"] = .array(steps.map { .object(JSONObject([("junkan:step", .string($0.label)), ("junkan:kgCO2ePerKg", n($0.kgCO2ePerKg))])) })
        }
        return .object(e)
    }

    /// Recycled content, end of life, repair and the product type's circularity figures as UNTP `circularityScorecard`.
    static func circularityScorecard(_ p: Passport) -> JSONValue {
        let n = Passport.n
        var c = JSONObject()
        if let r = p.circularity?.recycledContent { c["recycledContent"] = n(r.preConsumer + r.postConsumer) }
        if let e = p.endOfLife {
            c["recyclingInformation"] = .object(JSONObject([("linkURL", .string(e.takeBack.first?.url ?? p.id)), ("linkName", .string(e.instructions))]))
            c["junkan:takeBack"] = .array(
                e.takeBack.map { t in
                    var o = JSONObject([("name", .string(t.name))])
                    Passport.put(&o, "url", t.url)
                    return .object(o)
                })
        }
        if let url = p.durability?.repairInformation {
            c["repairInformation"] = .object(JSONObject([("linkURL", .string(url)), ("linkName", "Repair information")]))
        }
        if let k = p.circularity {
            Passport.put(&c, "junkan:productType", k.productType)
            if let y = k.fiscalYear { c["junkan:fiscalYear"] = .number(JSONNumber(y)) }
            Passport.put(&c, "junkan:resourceReuseRate", k.resourceReuseRate)
            Passport.put(&c, "junkan:recyclingRate", k.recyclingRate)
        }
        return .object(c)
    }

    /// One trail event as UNTP `traceabilityInformation`, linked to the event and carrying its log proof.
    static func traceability(_ e: Passport.TrailEntry, baseURL: String) -> JSONValue {
        var o = JSONObject([
            ("valueChainProcess", .string(e.what)), ("verifiedRatio", 1),
            (
                "traceabilityEvents",
                .array([
                    .object(
                        JSONObject([
                            ("linkURL", .string(baseURL + "/events/" + PercentEncoding.encode(e.eventID))),
                            ("linkName", .string(e.eventID)), ("linkType", "https://ref.gs1.org/voc/epcis")
                        ]))
                ])
            ),
            ("junkan:eventHash", .string(e.eventHash)), ("junkan:eventTime", .string(Passport.isoTime(e.eventTime)))
        ])
        Passport.put(&o, "junkan:bizStep", e.bizStep)
        Passport.put(&o, "junkan:site", e.site)
        Passport.put(&o, "junkan:siteName", e.siteName)
        Passport.put(&o, "junkan:organisation", e.organisation)
        Passport.put(&o, "junkan:logProof", e.logProof)
        Passport.put(&o, "junkan:node", e.node)
        return .object(o)
    }

}
