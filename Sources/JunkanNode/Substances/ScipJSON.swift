public import JunkanCore

/// `GET /substances/scip` as JSON (openapi.yaml `ScipNotification`): the fields of the SCIP format's article and
/// complex-object dossier that Junkan fills, named as the format names them, and what is still missing.
public enum ScipJSON {
    public static let legalBasis = "Directive 2008/98/EC Art. 9(1)(i); Regulation (EC) No 1907/2006 (REACH) Art. 33(1)"

    public static func json(_ n: ScipNotification) -> JSONValue {
        var article = JSONObject([("name", .string(n.name))])
        if let gtin = n.gtin { article["primaryArticleIdentifier"] = ["type": "GTIN", "value": .string(gtin)] }
        article["otherArticleIdentifiers"] = [["type": "GS1 Digital Link", "value": .string(n.subject)]]
        if let c = n.articleCategory { article["articleCategory"] = .string(c) }
        if let eu = n.producedInEU { article["producedInEU"] = .bool(eu) }
        if let s = n.safeUseInstructions { article["safeUseInstructions"] = .string(s) }
        if let d = n.disassemblyInstructions { article["disassemblyInstructions"] = .string(d) }
        article["isComplexObject"] = .bool(!n.components.isEmpty)
        article["concernElements"] = .array(n.concernElements.map(element))
        article["components"] = .array(n.components.map(component))
        return .object(
            JSONObject([
                ("id", .string(n.subject)), ("need", .string(n.need.rawValue)), ("checkedOn", .string(n.checkedOn)), ("legalBasis", .string(legalBasis)),
                (
                    "candidateList",
                    .object(
                        JSONObject([
                            ("id", .string(n.list.id)), ("version", .string(n.list.version)), ("date", .string(n.list.date)),
                            ("isExcerpt", .bool(n.list.isExcerpt))
                        ]))
                ),
                ("article", .object(article)), ("missing", .array(n.missing.map { .string($0) }))
            ]))
    }

    static func element(_ e: ScipNotification.ConcernElement) -> JSONValue {
        .object(
            JSONObject([
                ("substance", .object(JSONObject([("name", .string(e.substance)), ("cas", .array(e.cas.map { .string($0) }))]))),
                ("concentrationPercent", SubstanceComplianceJSON.percent(e.concentration)), ("concentrationRange", .string(e.concentrationRange)),
                ("materials", .array(e.materials.map { .string($0) })), ("sources", .array(e.sources.map(SubstanceComplianceJSON.origin)))
            ]))
    }

    static func component(_ c: ScipNotification.Component) -> JSONValue {
        .object(
            JSONObject([
                ("name", .string(c.name)), ("identifier", .string(c.identifier)), ("numberOfUnits", .number(JSONNumber(c.numberOfUnits))),
                ("concernElements", .array(c.concernElements.map(element))), ("components", .array(c.components.map(component)))
            ]))
    }
}
