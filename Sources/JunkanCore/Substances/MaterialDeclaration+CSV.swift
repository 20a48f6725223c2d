/// Declarations as CSV, for suppliers without a tool: one row per substance in a material (or per material with none),
/// grouped by `subject`. Columns, in any order (a header row names them; `subject` and `material` are required):
/// `subject, name, supplier, date, productMassKg, part, partMassKg, partQuantity, material, materialClass,
/// materialMassKg, substance, cas, massKg, massPercent, exemption, method, limitOfDetectionPercent` — `part` empty for
/// the product's own materials; `exemption` several ids separated by `;`. Each declaration is then checked as the JSON
/// form is, and every problem is reported with its line and column.
extension MaterialDeclaration {
    public static let csvColumns = [
        "subject", "name", "supplier", "date", "productMassKg", "part", "partMassKg", "partQuantity", "material", "materialClass",
        "materialMassKg", "substance", "cas", "massKg", "massPercent", "exemption", "method", "limitOfDetectionPercent"
    ]

    /// What a spreadsheet pads a cell with.
    static let padding: Set<Character> = [" ", "\t"]

    public static func declarations(csv text: String) throws(DeclarationError) -> [MaterialDeclaration] {
        let records: [CSVReader.Record]
        do { records = try CSVReader.records(text) } catch { throw DeclarationError(path: "/", line: error.line, error.reason) }
        guard let header = records.first else { throw DeclarationError(path: "/", "the CSV is empty: a header row names its columns") }
        var column: [String: Int] = [:]
        var issues: [DeclarationError.Issue] = []
        for (i, name) in header.fields.enumerated() {
            let name = String(name.trimmingASCII(Self.padding))
            if !csvColumns.contains(name) {
                issues.append(
                    .init(path: name, line: header.line, reason: "no column is called \"\(name)\"; the columns are " + csvColumns.joined(separator: ", ")))
            } else if column.updateValue(i, forKey: name) != nil {
                issues.append(.init(path: name, line: header.line, reason: "the column \(name) is named twice"))
            }
        }
        for required in ["subject", "material"] where column[required] == nil {
            issues.append(.init(path: required, line: header.line, reason: "the column \(required) is required"))
        }
        if !issues.isEmpty { throw DeclarationError(issues) }
        var builder = CSVDeclarations(column: column)
        for record in records.dropFirst() {
            builder.add(record)
            if builder.issues.count >= DeclarationError.limit { break }
        }
        guard builder.issues.isEmpty else { throw DeclarationError(Array(builder.issues.prefix(DeclarationError.limit))) }
        guard !builder.order.isEmpty else { throw DeclarationError(path: "/", "the CSV has a header and no rows") }
        guard builder.order.count <= 10_000 else {
            throw DeclarationError(path: "subject", "a CSV declares at most 10,000 subjects, found \(builder.order.count)")
        }
        var read: [MaterialDeclaration] = []
        var subjects: Set<String> = []
        for subject in builder.order {
            let draft = builder.drafts[subject]!
            do {
                let d = try MaterialDeclaration.decode(draft.json)
                // Two spellings of one identifier (a GTIN and its Digital Link) are one subject.
                guard subjects.insert(d.subject).inserted else {
                    issues.append(.init(path: "subject", line: draft.line, reason: "\(d.subject) is declared under another spelling in an earlier row"))
                    continue
                }
                read.append(d)
            } catch {
                issues += error.issues.map { draft.locate($0) }
            }
            if issues.count >= DeclarationError.limit { break }
        }
        if !issues.isEmpty { throw DeclarationError(Array(issues.prefix(DeclarationError.limit))) }
        return read
    }
}

/// The rows gathered into the JSON form, remembering the line each object came from.
private struct CSVDeclarations {
    let column: [String: Int]
    var drafts: [String: Draft] = [:]
    var order: [String] = []
    var issues: [DeclarationError.Issue] = []

    struct Material {
        var object = JSONObject()
        var substances: [JSONValue] = []
        var line: Int
        var substanceLines: [Int] = []
    }

    struct Part {
        var object = JSONObject()
        var materials: [(name: String, Material)] = []
        var line: Int
    }

    struct Draft {
        var object = JSONObject()
        var line: Int
        /// The product's own materials (part "") and its parts, in the order met.
        var parts: [(name: String, Part)] = []

        var json: JSONValue {
            var o = object
            for (name, part) in parts {
                let materials = part.materials.map { _, m in
                    var mo = m.object
                    if !m.substances.isEmpty { mo["substances"] = .array(m.substances) }
                    return JSONValue.object(mo)
                }
                if name.isEmpty {
                    o["materials"] = .array(materials)
                } else {
                    var po = part.object
                    po["materials"] = .array(materials)
                    o["parts"] = .array((o["parts"]?.arrayValue ?? []) + [.object(po)])
                }
            }
            return .object(o)
        }

        /// A problem the JSON form found, at the CSV line and column it came from.
        func locate(_ issue: DeclarationError.Issue) -> DeclarationError.Issue {
            var keys = issue.path.split(separator: "/").map(String.init)
            var line = self.line
            var level = "product"
            var materialsOf: Part?
            if keys.first == "parts", keys.count > 1, let p = Int(keys[1]) {
                let named = parts.filter { !$0.name.isEmpty }
                if p < named.count {
                    materialsOf = named[p].1
                    line = named[p].1.line
                }
                level = "part"
                keys.removeFirst(2)
            } else {
                materialsOf = parts.first { $0.name.isEmpty }?.1
            }
            if keys.first == "materials", keys.count > 1, let m = Int(keys[1]), let part = materialsOf, m < part.materials.count {
                let material = part.materials[m].1
                line = material.line
                level = "material"
                keys.removeFirst(2)
                if keys.first == "substances", keys.count > 1, let s = Int(keys[1]), s < material.substanceLines.count {
                    line = material.substanceLines[s]
                    level = "substance"
                    keys.removeFirst(2)
                }
            }
            let key = keys.first ?? ""
            let columns: [String: [String: String]] = [
                "product": ["name": "name", "massKg": "productMassKg"], "part": ["name": "part", "massKg": "partMassKg", "quantity": "partQuantity"],
                "material": ["name": "material", "massKg": "materialMassKg"], "substance": ["name": "substance", "exemptions": "exemption"]
            ]
            let name = columns[level]?[key] ?? (key.isEmpty ? level : key)
            return .init(path: name, line: line, reason: issue.reason)
        }
    }

    init(column: [String: Int]) { self.column = column }

    func field(_ record: CSVReader.Record, _ name: String) -> String? {
        guard let i = column[name], i < record.fields.count else { return nil }
        let value = String(record.fields[i].trimmingASCII(MaterialDeclaration.padding))
        return value.isEmpty ? nil : value
    }

    mutating func number(_ record: CSVReader.Record, _ name: String) -> JSONValue? {
        guard let text = field(record, name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            issues.append(.init(path: name, line: record.line, reason: "\(name) is a number, found \"\(text)\""))
            return nil
        }
        return .number(JSONNumber(value))
    }

    /// Sets `key` of `object` from the row, or reports a row that says otherwise than an earlier one.
    mutating func agree(_ object: inout JSONObject, _ key: String, _ value: JSONValue?, column name: String, line: Int) {
        guard let value else { return }
        if let earlier = object[key], earlier != value {
            issues.append(.init(path: name, line: line, reason: "\(name) differs from an earlier row's for the same \(key == "name" ? "declaration" : "item")"))
        } else {
            object[key] = value
        }
    }

    mutating func add(_ record: CSVReader.Record) {
        let line = record.line
        guard let subject = field(record, "subject") else { return issues.append(.init(path: "subject", line: line, reason: "subject is required")) }
        guard let materialName = field(record, "material") else {
            return issues.append(.init(path: "material", line: line, reason: "material is required"))
        }
        if drafts[subject] == nil {
            order.append(subject)
            drafts[subject] = Draft(object: JSONObject([("subject", .string(subject))]), line: line)
        }
        var draft = drafts[subject]!
        agree(&draft.object, "name", field(record, "name").map(JSONValue.string), column: "name", line: line)
        agree(&draft.object, "supplier", field(record, "supplier").map(JSONValue.string), column: "supplier", line: line)
        agree(&draft.object, "date", field(record, "date").map(JSONValue.string), column: "date", line: line)
        agree(&draft.object, "massKg", number(record, "productMassKg"), column: "productMassKg", line: line)

        let partName = field(record, "part") ?? ""
        var p = draft.parts.firstIndex { $0.name == partName } ?? -1
        if p < 0 {
            draft.parts.append((partName, Part(object: partName.isEmpty ? JSONObject() : JSONObject([("name", .string(partName))]), line: line)))
            p = draft.parts.count - 1
        }
        var part = draft.parts[p].1
        if partName.isEmpty {
            for name in ["partMassKg", "partQuantity"] where field(record, name) != nil {
                issues.append(.init(path: name, line: line, reason: "\(name) needs a part (the row declares the product's own material)"))
            }
        } else {
            agree(&part.object, "massKg", number(record, "partMassKg"), column: "partMassKg", line: line)
            agree(&part.object, "quantity", number(record, "partQuantity"), column: "partQuantity", line: line)
        }
        var m = part.materials.firstIndex { $0.name == materialName } ?? -1
        if m < 0 {
            part.materials.append((materialName, Material(object: JSONObject([("name", .string(materialName))]), line: line)))
            m = part.materials.count - 1
        }
        var material = part.materials[m].1
        agree(&material.object, "materialClass", field(record, "materialClass").map(JSONValue.string), column: "materialClass", line: line)
        agree(&material.object, "massKg", number(record, "materialMassKg"), column: "materialMassKg", line: line)

        if let substance = field(record, "substance") {
            var s = JSONObject([("name", .string(substance))])
            if let cas = field(record, "cas") { s["cas"] = .string(cas) }
            if let v = number(record, "massKg") { s["massKg"] = v }
            if let v = number(record, "massPercent") { s["massPercent"] = v }
            if let e = field(record, "exemption") {
                s["exemptions"] = .array(e.split(separator: ";").map { .string(String($0.trimmingASCII(MaterialDeclaration.padding))) })
            }
            if let method = field(record, "method") { s["method"] = .string(method) }
            if let v = number(record, "limitOfDetectionPercent") { s["limitOfDetectionPercent"] = v }
            material.substances.append(.object(s))
            material.substanceLines.append(line)
        } else {
            for name in ["cas", "massKg", "massPercent", "exemption", "method", "limitOfDetectionPercent"] where field(record, name) != nil {
                issues.append(.init(path: name, line: line, reason: "\(name) needs a substance (the substance column is empty)"))
            }
        }
        part.materials[m].1 = material
        draft.parts[p].1 = part
        drafts[subject] = draft
    }
}
