/// Reads an IEC 62474 material declaration (the data exchange format of IEC 62474:2018, namespace
/// `http://std.iec.ch/iec62474`; chemSHERPA-AI and -CI write the same format) into a `MaterialDeclaration`.
///
/// What it reads: `Main/BusinessInfo/Response` (date, `SupplyCompany`), `Main/Product` with its `ProductID`
/// (`identity`, written `identifier` by some tools; `name`) and `Mass`, the `Compliance` sectional (the declarable
/// substance list and each `DsDsg` answer) and the `Composition` sectional: `ProductPart`s (nested, `quantity`),
/// `Material`s with their `Mass` and `MaterialClassID`, and `Substance`s with `SubstanceID` (authority `CAS`), `Mass`
/// or `MassPercent` and `Exemption`s. Other sectionals (`MaterialClassDeclaration`, `QueryList`, attachments) are not
/// needed for the roll-up and are passed over. Every element it cannot read is an issue with its path and line.
public struct IEC62474Reader {
    public static let namespace = "http://std.iec.ch/iec62474"

    private var issues: [DeclarationError.Issue] = []

    public static func declaration(_ root: XMLElementNode) throws(DeclarationError) -> MaterialDeclaration {
        var reader = IEC62474Reader()
        let declaration = reader.main(root)
        if let declaration, reader.issues.isEmpty { return declaration }
        throw DeclarationError(reader.issues.isEmpty ? [.init(path: "/", reason: "no declaration was read")] : reader.issues)
    }

    private mutating func issue(_ path: String, _ node: XMLElementNode?, _ reason: String) {
        guard issues.count < DeclarationError.limit else { return }
        issues.append(.init(path: path, line: node?.line, reason: reason))
    }

    private static func children(_ e: XMLElementNode, _ name: String) -> [XMLElementNode] {
        e.children.filter { $0.name == name && $0.namespace == namespace }
    }

    private mutating func main(_ root: XMLElementNode) -> MaterialDeclaration? {
        guard root.name == "Main", root.namespace == Self.namespace else {
            issue(
                "/" + root.qualifiedName, root,
                "not an IEC 62474 declaration: the root element is <\(root.qualifiedName)> in \(root.namespace.map { "namespace \($0)" } ?? "no namespace"), not <Main> in \(Self.namespace)"
            )
            return nil
        }
        let products = Self.children(root, "Product")
        guard products.count == 1 else {
            issue("/Main", root, "a declaration names exactly one <Product>, found \(products.count)")
            return nil
        }
        let response = Self.children(root, "BusinessInfo").flatMap { Self.children($0, "Response") }.first
        let supplier = response.flatMap { Self.children($0, "SupplyCompany").first?.attribute("name") }
        return product(products[0], path: "/Main/Product", supplier: supplier, date: response?.attribute("date"))
    }

    private mutating func product(_ p: XMLElementNode, path: String, supplier: String?, date: String?) -> MaterialDeclaration? {
        guard let id = Self.children(p, "ProductID").first else {
            issue(path, p, "a product needs a <ProductID> naming what is declared (a GS1 Digital Link or a GTIN)")
            return nil
        }
        let idPath = path + "/ProductID"
        var subject: String?
        if let text = id.attribute("identity") ?? id.attribute("identifier") {
            switch DeclarationSubject.canonical(text) {
            case .success(let s): subject = s
            case .failure(let problem): issue(idPath, id, problem.reason)
            }
        } else {
            issue(idPath, id, "the identity attribute (a GS1 Digital Link or a GTIN of what is declared) is missing")
        }
        var root = DeclaredPart(name: id.attribute("name") ?? "product", massKg: mass(of: id, path: idPath) ?? mass(of: p, path: path))
        var list: String?
        var answers: [ComplianceAnswer] = []
        for compliance in Self.children(p, "Compliance") {
            (list, answers) = self.compliance(compliance, path: path + "/Compliance")
        }
        let compositions = Self.children(p, "Composition")
        if compositions.isEmpty && answers.isEmpty {
            issue(path, p, "a declaration needs a <Composition> or a <Compliance> sectional (IEC 62474:2018 §4.1.3)")
        }
        for (i, composition) in compositions.enumerated() {
            let cPath = path + "/Composition" + (compositions.count > 1 ? "[\(i + 1)]" : "")
            let read = contents(of: composition, path: cPath, massKg: root.massKg)
            root.parts += read.parts
            root.materials += read.materials
        }
        guard let subject else { return nil }
        return MaterialDeclaration(
            subject: subject, name: id.attribute("name"), supplier: supplier, date: date, substanceList: list, product: root, complianceAnswers: answers)
    }

    private mutating func compliance(_ c: XMLElementNode, path: String) -> (String?, [ComplianceAnswer]) {
        var list: String?
        if let dsl = Self.children(c, "DeclarableSubstanceList").first ?? Self.children(c, "DeclarableSubstanceListID").first {
            list = [dsl.attribute("authority"), dsl.attribute("identity"), dsl.attribute("version")].compactMap { $0 }.joined(separator: " ")
        }
        var answers: [ComplianceAnswer] = []
        for (i, ds) in Self.children(c, "DsDsg").enumerated() {
            guard let name = ds.attribute("name") ?? ds.attribute("identity") else {
                issue(path + "/DsDsg[\(i + 1)]", ds, "a declarable substance answer needs its name or identity")
                continue
            }
            let above = ds.attribute("aboveThreshold") ?? ds.attribute("aboveReportingThreshold")
            guard above == nil || above == "true" || above == "false" else {
                issue(path + "/DsDsg[\(i + 1)]", ds, "aboveThreshold is true or false, found \"\(above!)\"")
                continue
            }
            answers.append(ComplianceAnswer(substance: name, aboveThreshold: above.map { $0 == "true" }))
        }
        return (list, answers)
    }

    /// The parts, materials and loose substances under a `Composition` or a `ProductPart`.
    private mutating func contents(
        of e: XMLElementNode, path: String, massKg: Double?
    ) -> (parts: [DeclaredPart], materials: [DeclaredMaterial]) {
        var parts: [DeclaredPart] = []
        var materials: [DeclaredMaterial] = []
        var loose: [DeclaredSubstance] = []
        var counts: [String: Int] = [:]
        for child in e.children where child.namespace == Self.namespace {
            counts[child.name, default: 0] += 1
            let childPath = path + "/\(child.name)[\(counts[child.name]!)]"
            switch child.name {
            case "ProductPart": if let p = part(child, path: childPath) { parts.append(p) }
            case "Material": if let m = material(child, path: childPath) { materials.append(m) }
            case "Substance":
                if var s = substance(child, path: childPath) {
                    // A percentage at part level is of the part: it is kept as the mass it gives.
                    if s.massKg == nil, let f = s.fraction, let massKg { s.massKg = f * massKg }
                    s.fraction = nil
                    loose.append(s)
                }
            default: break
            }
        }
        // Substances declared at part level, outside any material (IEC 62474 allows it), form a material of their own
        // of unknown mass: the article roll-up counts them; a homogeneous-material check cannot read them as one.
        if !loose.isEmpty { materials.append(DeclaredMaterial(name: DeclaredMaterial.outsideMaterials, substances: loose)) }
        return (parts, materials)
    }

    private mutating func part(_ e: XMLElementNode, path: String) -> DeclaredPart? {
        var quantity = 1.0
        if let q = e.attribute("quantity") {
            guard let v = Double(q.trimmingXMLWhitespace), v.isFinite, v > 0 else {
                issue(path, e, "quantity is a positive number, found \"\(q)\"")
                return nil
            }
            quantity = v
        }
        let massKg = mass(of: e, path: path)
        let read = contents(of: e, path: path, massKg: massKg)
        return DeclaredPart(name: e.attribute("name") ?? "part", massKg: massKg, quantity: quantity, parts: read.parts, materials: read.materials)
    }

    private mutating func material(_ e: XMLElementNode, path: String) -> DeclaredMaterial? {
        var substances: [DeclaredSubstance] = []
        for (i, s) in Self.children(e, "Substance").enumerated() {
            if let s = substance(s, path: path + "/Substance[\(i + 1)]") { substances.append(s) }
        }
        let materialClass = Self.children(e, "MaterialClassID").first.flatMap { $0.attribute("identity") }
        return DeclaredMaterial(name: e.attribute("name") ?? "material", materialClass: materialClass, massKg: mass(of: e, path: path), substances: substances)
    }

    private mutating func substance(_ e: XMLElementNode, path: String) -> DeclaredSubstance? {
        var cas: String?
        for id in Self.children(e, "SubstanceID") where (id.attribute("authority") ?? "CAS").uppercased() == "CAS" {
            guard let number = id.attribute("identity") ?? id.attribute("identifier") else { continue }
            let n = number.trimmingXMLWhitespace
            guard CASNumber.isValid(n) else {
                issue(path + "/SubstanceID", id, "\"\(n)\" is not a CAS registry number with a correct check digit")
                return nil
            }
            cas = n
        }
        let name = e.attribute("name") ?? cas
        guard let name else {
            issue(path, e, "a substance needs a name or a CAS number (<SubstanceID authority=\"CAS\" identity=\"…\"/>)")
            return nil
        }
        var fraction: Double?
        if let p = Self.children(e, "MassPercent").first {
            guard let text = p.attribute("massPercent") ?? p.attribute("value") ?? Optional(p.trimmedText), let v = Double(text), v.isFinite,
                (0...100).contains(v)
            else {
                issue(path + "/MassPercent", p, "massPercent is a number from 0 to 100")
                return nil
            }
            fraction = v / 100
        }
        let massKg = mass(of: e, path: path)
        if fraction == nil && massKg == nil {
            issue(path, e, "a substance in a composition declaration needs its <Mass> or its <MassPercent> (IEC 62474:2018 §4.5)")
            return nil
        }
        let exemptions = Self.children(e, "Exemption").compactMap { $0.attribute("identity") ?? $0.attribute("name") }
        return DeclaredSubstance(name: name, cas: cas, massKg: massKg, fraction: fraction, exemptions: exemptions)
    }

    /// The `Mass` child of `e` in kilograms; an unreadable one is an issue.
    private mutating func mass(of e: XMLElementNode, path: String) -> Double? {
        guard let m = Self.children(e, "Mass").first else { return nil }
        guard let text = m.attribute("mass"), let value = Double(text.trimmingXMLWhitespace), value.isFinite, value >= 0 else {
            issue(path + "/Mass", m, "mass is a number of at least 0, found \(m.attribute("mass").map { "\"\($0)\"" } ?? "none")")
            return nil
        }
        guard let unit = SubstanceMassUnit(m.attribute("unitOfMeasure") ?? "g") else {
            issue(path + "/Mass", m, "unitOfMeasure is one of \(SubstanceMassUnit.names), found \"\(m.attribute("unitOfMeasure")!)\"")
            return nil
        }
        return value * unit.kilograms
    }
}
