/// The passport as plain JSON (`application/json`; openapi.yaml `Passport`). Members the view withholds are absent,
/// and `withheld` names them.
extension Passport {
    public func json() -> JSONValue {
        var o = JSONObject([("id", .string(id)), ("granularity", .string(granularity.rawValue)), ("accessLevel", .string(level.rawValue))])
        o["identity"] = identityJSON()
        o["materials"] = .array(materials.map(Self.materialJSON))
        if let substances { o["substancesOfConcern"] = .array(substances.map(Self.substanceJSON)) }
        if let substanceCompliance { o["substanceCompliance"] = Self.complianceJSON(substanceCompliance) }
        if let substancesPublicByLaw { o["substancesPublicByLaw"] = .string(substancesPublicByLaw) }
        if let carbon { o["carbonFootprint"] = Self.carbonJSON(carbon) }
        if let durability { o["durability"] = Self.durabilityJSON(durability) }
        if let endOfLife { o["endOfLife"] = Self.endOfLifeJSON(endOfLife) }
        if let circularity { o["circularity"] = Self.circularityJSON(circularity) }
        if let trail { o["trail"] = .array(trail.map(Self.trailJSON)) }
        o["withheld"] = .array(withheld.map { .string($0.rawValue) })
        return .object(o)
    }

    static func n(_ d: Double) -> JSONValue { .number(JSONNumber((d * 1e6).rounded() / 1e6)) }

    static func put(_ o: inout JSONObject, _ key: String, _ s: String?) { if let s { o[key] = .string(s) } }
    static func put(_ o: inout JSONObject, _ key: String, _ d: Double?) { if let d { o[key] = n(d) } }

    func identityJSON() -> JSONValue {
        var o = JSONObject([("gtin", .string(identity.gtin))])
        Self.put(&o, "serial", identity.serial)
        Self.put(&o, "lot", identity.lot)
        o["name"] = .string(identity.name)
        Self.put(&o, "description", identity.description)
        o["maker"] = Self.partyJSON(identity.maker)
        Self.put(&o, "productionDate", identity.productionDate)
        Self.put(&o, "productionSite", identity.productionSite)
        Self.put(&o, "productionSiteName", identity.productionSiteName)
        Self.put(&o, "productionSiteAddress", identity.productionSiteAddress)
        Self.put(&o, "countryOfProduction", identity.countryOfProduction)
        return .object(o)
    }

    static func partyJSON(_ p: Party) -> JSONValue {
        var o = JSONObject([("name", .string(p.name))])
        put(&o, "gln", p.gln)
        return .object(o)
    }

    static func recycledJSON(_ r: LotDeclaration.RecycledContent) -> JSONValue {
        .object(JSONObject([("preConsumer", n(r.preConsumer)), ("postConsumer", n(r.postConsumer)), ("total", n(r.preConsumer + r.postConsumer))]))
    }

    static func materialJSON(_ m: Material) -> JSONValue {
        var o = JSONObject([("part", .string(m.part)), ("material", .string(m.material))])
        put(&o, "grade", m.grade)
        put(&o, "massKg", m.massKg)
        put(&o, "massFraction", m.massFraction)
        if let r = m.recycledContent { o["recycledContent"] = recycledJSON(r) }
        put(&o, "recycledContentSource", m.recycledContentSource)
        put(&o, "chainOfCustody", m.chainOfCustody?.rawValue)
        put(&o, "supplier", m.supplier)
        put(&o, "lot", m.lot)
        return .object(o)
    }

    static func substanceJSON(_ s: ProductClass.SubstanceOfConcern) -> JSONValue {
        var o = JSONObject([("name", .string(s.name))])
        put(&o, "cas", s.cas)
        o["concentrationPercent"] = n(s.concentrationPercent)
        o["location"] = .string(s.location)
        return .object(o)
    }

    static func carbonJSON(_ c: Carbon) -> JSONValue {
        var o = JSONObject([("scope", "cradle-to-gate"), ("kgCO2ePerKg", n(c.kgCO2ePerKg))])
        put(&o, "massKg", c.massKg)
        put(&o, "kgCO2e", c.kgCO2e)
        o["primaryDataShare"] = n(c.primaryDataShare)
        o["method"] = .string(c.method)
        if let steps = c.byStep {
            o["byStep"] = .array(steps.map { .object(JSONObject([("step", .string($0.label)), ("kgCO2ePerKg", n($0.kgCO2ePerKg))])) })
        }
        return .object(o)
    }

    static func durabilityJSON(_ d: ProductClass.Durability) -> JSONValue {
        var o = JSONObject()
        put(&o, "expectedLifetimeYears", d.expectedLifetimeYears)
        put(&o, "warrantyYears", d.warrantyYears)
        put(&o, "sparePartsYears", d.sparePartsYears)
        put(&o, "repairabilityScore", d.repairabilityScore)
        put(&o, "repairInformation", d.repairInformation)
        return .object(o)
    }

    static func endOfLifeJSON(_ e: ProductClass.EndOfLife) -> JSONValue {
        .object(
            JSONObject([
                ("instructions", .string(e.instructions)),
                (
                    "takeBack",
                    .array(
                        e.takeBack.map { t in
                            var o = JSONObject([("name", .string(t.name))])
                            put(&o, "url", t.url)
                            return .object(o)
                        })
                )
            ]))
    }

    static func circularityJSON(_ c: Circularity) -> JSONValue {
        var o = JSONObject([("recycledContent", recycledJSON(c.recycledContent))])
        put(&o, "productType", c.productType)
        if let y = c.fiscalYear { o["fiscalYear"] = .number(JSONNumber(y)) }
        put(&o, "collectedTonnes", c.collectedTonnes)
        put(&o, "resourceReuseRate", c.resourceReuseRate)
        put(&o, "recyclingRate", c.recyclingRate)
        return .object(o)
    }

    static func trailJSON(_ e: TrailEntry) -> JSONValue {
        var o = JSONObject([
            ("eventID", .string(e.eventID)), ("eventHash", .string(e.eventHash)), ("eventTime", .string(isoTime(e.eventTime))),
            ("type", .string(e.type))
        ])
        put(&o, "bizStep", e.bizStep)
        o["what"] = .string(e.what)
        put(&o, "site", e.site)
        put(&o, "siteName", e.siteName)
        put(&o, "organisation", e.organisation)
        o["statementOf"] = .string(e.statementOf)
        put(&o, "logProof", e.logProof)
        put(&o, "node", e.node)
        return .object(o)
    }

    /// Milliseconds since the epoch as an ISO 8601 UTC time (as EPCIS writes recordTime).
    public static func isoTime(_ ms: Int64) -> String { ISO8601Timestamp.utcString(epochMilliseconds: ms) }

    static func complianceJSON(_ c: Compliance) -> JSONValue {
        .object(
            JSONObject([
                ("status", .string(c.status)), ("checkedOn", .string(c.checkedOn)),
                (
                    "lists",
                    .array(
                        c.lists.map { l in
                            .object(
                                JSONObject([
                                    ("id", .string(l.id)), ("name", .string(l.name)), ("version", .string(l.version)), ("date", .string(l.date)),
                                    ("isExcerpt", .bool(l.isExcerpt)), ("status", .string(l.status)), ("failing", .array(l.failing.map { .string($0) })),
                                    ("duties", .array(l.duties.map { .string($0) }))
                                ]))
                        })
                ),
                (
                    "found",
                    .array(
                        c.found.map { f in
                            var o = JSONObject([("name", .string(f.name))])
                            put(&o, "cas", f.cas)
                            o["concentrationPercent"] = n(f.concentration * 100)
                            o["article"] = .string(f.article)
                            put(&o, "material", f.material)
                            o["list"] = .string(f.list)
                            o["entry"] = .string(f.entry)
                            return .object(o)
                        })
                )
            ]))
    }
}
