/// A declaration as JSON: the simple form for suppliers without an IEC 62474 tool (and for recycled lots' measured
/// concentrations), and the form the node stores and answers. Masses in kilograms, concentrations in percent by mass.
///
///     {"subject": "https://id.gs1.org/01/…/10/LOT", "name": "…", "supplier": "…", "date": "2026-11-20", "massKg": 1,
///      "parts": [{"name": "…", "massKg": 0.2, "quantity": 2, "parts": […], "materials": […]}],
///      "materials": [{"name": "rPC/ABS", "materialClass": "M-014", "massKg": 1,
///                     "substances": [{"name": "decaBDE", "cas": "1163-19-5", "massPercent": 0.2,
///                                     "method": "XRF", "limitOfDetectionPercent": 0.001}]}]}
extension MaterialDeclaration {
    public static func decode(_ json: JSONValue) throws(DeclarationError) -> MaterialDeclaration {
        do throws(MaterialError) {
            guard let o = json.objectValue else { throw MaterialError("", "a declaration is an object, found \(json.typeName)") }
            try MaterialJSON.allowOnly(
                ["subject", "name", "supplier", "date", "substanceList", "massKg", "parts", "materials", "complianceAnswers"], in: o)
            let subjectText = try MaterialJSON.string(o, "subject", maxLength: 2000)
            let subject: String
            switch DeclarationSubject.canonical(subjectText) {
            case .success(let s): subject = s
            case .failure(let problem): throw MaterialError("/subject", problem.reason)
            }
            let date = try MaterialJSON.optionalString(o, "date", maxLength: 10)
            if let date, !MaterialCertificate.isCalendarDate(date) { throw MaterialError("/date", "date is a day, YYYY-MM-DD") }
            var answers: [ComplianceAnswer] = []
            for (i, v) in (try MaterialJSON.array(o, "complianceAnswers") ?? []).enumerated() {
                guard let a = v.objectValue else { throw MaterialError("/complianceAnswers/\(i)", "an answer is an object") }
                do throws(MaterialError) {
                    try MaterialJSON.allowOnly(["substance", "aboveThreshold"], in: a)
                    let above = a["aboveThreshold"]
                    guard above == nil || above == .null || above?.boolValue != nil else { throw MaterialError("/aboveThreshold", "true or false") }
                    answers.append(ComplianceAnswer(substance: try MaterialJSON.string(a, "substance"), aboveThreshold: above?.boolValue))
                } catch { throw error.under("/complianceAnswers/\(i)") }
            }
            let product = try part(o, defaultName: "product")
            if product.parts.isEmpty && product.materials.isEmpty && answers.isEmpty {
                throw MaterialError("", "a declaration needs parts, materials or compliance answers")
            }
            return MaterialDeclaration(
                subject: subject, name: try MaterialJSON.optionalString(o, "name"), supplier: try MaterialJSON.optionalString(o, "supplier"),
                date: date, substanceList: try MaterialJSON.optionalString(o, "substanceList"), product: product, complianceAnswers: answers)
        } catch {
            throw DeclarationError(path: error.pointer.isEmpty ? "/" : error.pointer, error.reason)
        }
    }

    private static func part(_ o: JSONObject, defaultName: String) throws(MaterialError) -> DeclaredPart {
        var parts: [DeclaredPart] = []
        for (i, v) in (try MaterialJSON.array(o, "parts") ?? []).enumerated() {
            do throws(MaterialError) {
                guard let p = v.objectValue else { throw MaterialError("", "a part is an object, found \(v.typeName)") }
                try MaterialJSON.allowOnly(["name", "massKg", "quantity", "parts", "materials"], in: p)
                var read = try part(p, defaultName: "part")
                read.name = try MaterialJSON.string(p, "name")
                read.quantity = try MaterialJSON.optionalNumber(p, "quantity", in: 0...Double.infinity, exclusiveMin: true) ?? 1
                parts.append(read)
            } catch { throw error.under("/parts/\(i)") }
        }
        var materials: [DeclaredMaterial] = []
        for (i, v) in (try MaterialJSON.array(o, "materials") ?? []).enumerated() {
            do throws(MaterialError) { materials.append(try material(v)) } catch { throw error.under("/materials/\(i)") }
        }
        return DeclaredPart(
            name: defaultName, massKg: try MaterialJSON.optionalNumber(o, "massKg", in: 0...Double.infinity), parts: parts, materials: materials)
    }

    private static func material(_ v: JSONValue) throws(MaterialError) -> DeclaredMaterial {
        guard let m = v.objectValue else { throw MaterialError("", "a material is an object, found \(v.typeName)") }
        try MaterialJSON.allowOnly(["name", "materialClass", "massKg", "substances"], in: m)
        var substances: [DeclaredSubstance] = []
        for (i, s) in (try MaterialJSON.array(m, "substances") ?? []).enumerated() {
            do throws(MaterialError) { substances.append(try substance(s)) } catch { throw error.under("/substances/\(i)") }
        }
        return DeclaredMaterial(
            name: try MaterialJSON.string(m, "name"), materialClass: try MaterialJSON.optionalString(m, "materialClass"),
            massKg: try MaterialJSON.optionalNumber(m, "massKg", in: 0...Double.infinity), substances: substances)
    }

    private static func substance(_ v: JSONValue) throws(MaterialError) -> DeclaredSubstance {
        guard let s = v.objectValue else { throw MaterialError("", "a substance is an object, found \(v.typeName)") }
        try MaterialJSON.allowOnly(["name", "cas", "massKg", "massPercent", "exemptions", "method", "limitOfDetectionPercent"], in: s)
        let cas = try MaterialJSON.optionalString(s, "cas", maxLength: 12)
        if let cas, !CASNumber.isValid(cas) { throw MaterialError("/cas", "\"\(cas)\" is not a CAS registry number with a correct check digit") }
        let massKg = try MaterialJSON.optionalNumber(s, "massKg", in: 0...Double.infinity)
        let percent = try MaterialJSON.optionalNumber(s, "massPercent", in: 0...100)
        guard massKg != nil || percent != nil else { throw MaterialError("", "a substance needs massKg or massPercent") }
        var exemptions: [String] = []
        for (i, e) in (try MaterialJSON.array(s, "exemptions") ?? []).enumerated() {
            guard let text = e.stringValue, !text.isEmpty, text.count <= 64 else {
                throw MaterialError("/exemptions/\(i)", "an exemption is its id as the list names it")
            }
            exemptions.append(text)
        }
        let method = try MaterialJSON.optionalString(s, "method", maxLength: 100)
        let lod = try MaterialJSON.optionalNumber(s, "limitOfDetectionPercent", in: 0...100)
        if lod != nil && method == nil { throw MaterialError("/limitOfDetectionPercent", "a limit of detection goes with its method") }
        return DeclaredSubstance(
            name: try MaterialJSON.string(s, "name"), cas: cas, massKg: massKg, fraction: percent.map { $0 / 100 }, exemptions: exemptions,
            measurement: method.map { .init(method: $0, limitOfDetection: lod.map { $0 / 100 }) })
    }

    /// The declaration in the same JSON form, as stored and answered.
    public var json: JSONValue {
        var o = JSONObject([("subject", .string(subject))])
        if let name { o["name"] = .string(name) }
        if let supplier { o["supplier"] = .string(supplier) }
        if let date { o["date"] = .string(date) }
        if let substanceList { o["substanceList"] = .string(substanceList) }
        Self.write(product, into: &o)
        if !complianceAnswers.isEmpty {
            o["complianceAnswers"] = .array(
                complianceAnswers.map { a in
                    var x = JSONObject([("substance", .string(a.substance))])
                    if let above = a.aboveThreshold { x["aboveThreshold"] = .bool(above) }
                    return .object(x)
                })
        }
        return .object(o)
    }

    private static func write(_ p: DeclaredPart, into o: inout JSONObject) {
        if let m = p.massKg { o["massKg"] = MaterialJSON.number(m) }
        if !p.parts.isEmpty {
            o["parts"] = .array(
                p.parts.map { child in
                    var c = JSONObject([("name", .string(child.name))])
                    if child.quantity != 1 { c["quantity"] = MaterialJSON.number(child.quantity) }
                    write(child, into: &c)
                    return .object(c)
                })
        }
        if !p.materials.isEmpty { o["materials"] = .array(p.materials.map(material)) }
    }

    private static func material(_ m: DeclaredMaterial) -> JSONValue {
        var o = JSONObject([("name", .string(m.name))])
        if let c = m.materialClass { o["materialClass"] = .string(c) }
        if let k = m.massKg { o["massKg"] = MaterialJSON.number(k) }
        o["substances"] = .array(
            m.substances.map { s in
                var x = JSONObject([("name", .string(s.name))])
                if let cas = s.cas { x["cas"] = .string(cas) }
                if let k = s.massKg { x["massKg"] = MaterialJSON.number(k) }
                if let f = s.fraction { x["massPercent"] = MaterialJSON.number(f * 100) }
                if !s.exemptions.isEmpty { x["exemptions"] = .array(s.exemptions.map { .string($0) }) }
                if let m = s.measurement {
                    x["method"] = .string(m.method)
                    if let l = m.limitOfDetection { x["limitOfDetectionPercent"] = MaterialJSON.number(l * 100) }
                }
                return .object(x)
            })
        return .object(o)
    }
}
