import Foundation

/// Grades and lots as CSV (docs/materials.md): one row per property value, the record's own columns on its first row
/// (later rows of the same id may repeat them or leave them empty). Rows become the same JSON documents the API takes,
/// so one set of checks applies; each error names the line and column it comes from.
public enum MaterialCSV {
    public static let gradeHeader = [
        "id", "producer", "name", "polymer", "kind", "emission_factor", "source",
        "property", "value", "unit", "standard", "conditions"
    ]
    public static let lotHeader = [
        "id", "grade", "mass_kg", "lat", "lon", "location_name", "price_per_kg", "currency", "chain_of_custody",
        "recycled_share", "origin", "source_stream", "form", "colour", "filtration_micron",
        "property", "value", "unit", "standard", "conditions"
    ]

    /// One record read from the rows that share an id.
    public struct Document: Sendable {
        public var id: String
        public var json: JSONValue
        /// The line of the record's first row, and the line of each property row (for errors under /properties/i).
        public var line: Int
        public var propertyLines: [Int]

        /// The line an error at `pointer` comes from.
        public func line(of pointer: String) -> Int {
            let parts = pointer.split(separator: "/")
            if parts.first == "properties", parts.count > 1, let i = Int(parts[1]), i < propertyLines.count { return propertyLines[i] }
            return line
        }
    }

    public struct RowError: Error, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    public enum Kind: Sendable { case grades, lots }

    /// The documents of a file, and the rows that could not even be read into one (a row's fields disagreeing with
    /// the first row of its id, a number that is not one).
    public static func documents(_ text: String, kind: Kind) throws(RowError) -> (documents: [Document], errors: [RowError]) {
        var reader = MaterialCSVReader(kind: kind)
        let (documents, errors) = try reader.read(Array(text.utf8), final: true)
        return (documents, errors.sorted { $0.line < $1.line })
    }

    /// The record made of the rows of one id (in file order), or why they make none.
    static func document(id: String, group: [CSVReader.Record], kind: Kind) -> Result<Document, RowError> {
        let header = kind == .grades ? gradeHeader : lotHeader
        var fields = group[0].fields
        let propertyStart = header.firstIndex(of: "property")!
        for r in group.dropFirst() {
            for c in 1..<propertyStart where !r.fields[c].isEmpty {
                if fields[c].isEmpty {
                    fields[c] = r.fields[c]
                } else if fields[c] != r.fields[c] {
                    return .failure(
                        RowError(
                            line: r.line,
                            reason: "\(header[c]) \"\(r.fields[c])\" differs from \"\(fields[c])\" on line \(group[0].line) for the same id \(id)"))
                }
            }
        }
        var properties: [JSONValue] = []
        var lines: [Int] = []
        for r in group where !r.fields[propertyStart...].allSatisfy(\.isEmpty) {
            do { properties.append(try property(Array(r.fields[propertyStart...]))) } catch {
                return .failure(RowError(line: r.line, reason: error.description))
            }
            lines.append(r.line)
        }
        var o = JSONObject()
        do {
            for (c, name) in header[..<propertyStart].enumerated() where !fields[c].isEmpty {
                try put(name, fields[c], into: &o, kind: kind)
            }
        } catch {
            return .failure(RowError(line: group[0].line, reason: error.description))
        }
        if !properties.isEmpty { o["properties"] = .array(properties) }
        return .success(Document(id: id, json: .object(o), line: group[0].line, propertyLines: lines))
    }

    static func put(_ column: String, _ v: String, into o: inout JSONObject, kind: Kind) throws(MaterialError) {
        func number() throws(MaterialError) -> JSONValue {
            guard let d = PactDecimal.parse(v) else { throw MaterialError(column, "must be a decimal number, found \"\(v)\"") }
            return .number(JSONNumber(d))
        }
        switch column {
        case "emission_factor": o["emissionFactor"] = try number()
        case "mass_kg": o["massKg"] = try number()
        case "recycled_share": o["recycledShare"] = try number()
        case "lat", "lon", "location_name":
            var loc = o["location"]?.objectValue ?? JSONObject()
            loc[column == "location_name" ? "name" : column] = column == "location_name" ? .string(v) : try number()
            o["location"] = .object(loc)
        case "price_per_kg", "currency":
            var price = o["price"]?.objectValue ?? JSONObject()
            price[column == "currency" ? "currency" : "perKg"] = column == "currency" ? .string(v) : try number()
            o["price"] = .object(price)
        case "chain_of_custody": o["chainOfCustody"] = .string(v)
        case "origin", "source_stream", "form", "colour", "filtration_micron":
            var r = o["recycled"]?.objectValue ?? JSONObject()
            let key = ["source_stream": "sourceStream", "filtration_micron": "filtrationMicron"][column] ?? column
            r[key] = column == "filtration_micron" ? try number() : .string(v)
            o["recycled"] = .object(r)
        default: o[column] = .string(v)
        }
    }

    /// property, value, unit, standard, conditions (`temperature_C=230;load_kg=2.16`) → a property value document.
    static func property(_ f: [String]) throws(MaterialError) -> JSONValue {
        var o = JSONObject([("property", .string(f[0]))])
        if f[2] == "class" || f[0] == "UL94" {
            o["value"] = .string(f[1])
        } else {
            guard let d = PactDecimal.parse(f[1]) else { throw MaterialError("value", "must be a decimal number, found \"\(f[1])\"") }
            o["value"] = .number(JSONNumber(d))
        }
        o["unit"] = .string(f[2])
        o["standard"] = .string(f[3])
        if !f[4].isEmpty {
            var c = JSONObject()
            for pair in f[4].split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                    throw MaterialError("conditions", "conditions are key=value pairs joined by ;, e.g. temperature_C=230;load_kg=2.16, found \"\(f[4])\"")
                }
                c[kv[0]] = PactDecimal.parse(kv[1]).map { .number(JSONNumber($0)) } ?? .string(kv[1])
            }
            o["conditions"] = .object(c)
        }
        return .object(o)
    }
}
