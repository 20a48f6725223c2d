public import JunkanCore
import JunkanStore

/// Imports grades or lots from CSV (docs/materials.md) or JSON (an array of documents, or `{"grades":[…]}` /
/// `{"lots":[…]}`). Unlike circularity files this is row by row: good records are stored, bad ones are reported
/// with their line (CSV) or index (JSON) and reason, so one bad data-sheet value does not hold back a catalogue.
public enum MaterialImporter {
    public enum Format: String, Sendable { case csv, json }

    public struct Rejected: Sendable, Equatable {
        /// CSV line, or nil for JSON.
        public var line: Int?
        /// JSON array index, or nil for CSV.
        public var index: Int?
        public var id: String?
        public var reason: String
    }

    public struct Report: Sendable {
        public var kind: MaterialCSV.Kind
        public var created: Int
        public var replaced: Int
        public var rejected: [Rejected]
        public var accepted: Int { created + replaced }
    }

    /// The file itself cannot be read (not UTF-8, not CSV/JSON, wrong header): nothing was stored.
    public struct FileError: Error, Sendable { public var line: Int?; public var reason: String }

    public static func importData(
        _ bytes: [UInt8], format: Format, kind: MaterialCSV.Kind, catalogue: MaterialCatalogue,
        owner: String
    ) async throws -> Report {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw FileError(line: nil, reason: "the file is not UTF-8") }
        var items: [(json: JSONValue, id: String?, line: Int?, index: Int?, locate: (String) -> Int?)] = []
        var rejected: [Rejected] = []
        switch format {
        case .csv:
            let read: (documents: [MaterialCSV.Document], errors: [MaterialCSV.RowError])
            do { read = try MaterialCSV.documents(text, kind: kind) } catch { throw FileError(line: error.line, reason: error.reason) }
            rejected = read.errors.map { Rejected(line: $0.line, index: nil, id: nil, reason: $0.reason) }
            items = read.documents.map { d in (d.json, d.id, d.line, nil, { d.line(of: $0) }) }
        case .json:
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch { throw FileError(line: error.line, reason: "not JSON: \(error)") }
            let key = kind == .grades ? "grades" : "lots"
            guard let list = value.arrayValue ?? value.objectValue?[key]?.arrayValue else {
                throw FileError(line: nil, reason: "expected an array of \(key), or {\"\(key)\": [...]}")
            }
            items = list.enumerated().map { i, v in (v, v.objectValue?["id"]?.stringValue, nil, i, { _ in nil }) }
        }
        var decoded: [MaterialCatalogue.Decoded] = []
        var origin: [(line: Int?, index: Int?)] = []
        let kinds = kind == .lots ? try await catalogue.gradeKinds() : [:]
        var seen: Set<String> = []
        for item in items {
            do {
                let d = try catalogue.decode(kind == .grades ? .grade : .lot, item.json, kinds: kinds)
                guard seen.insert(d.record.id).inserted else {
                    rejected.append(Rejected(line: item.line, index: item.index, id: d.record.id, reason: "the id \(d.record.id) appears twice in the file"))
                    continue
                }
                decoded.append(d)
                origin.append((item.line, item.index))
            } catch {
                let line = item.locate(error.pointer) ?? item.line
                rejected.append(Rejected(line: line, index: item.index, id: item.id, reason: error.description))
            }
        }
        let summary = try await catalogue.write(decoded, owner: owner, mode: .upsert)
        for (i, outcome) in summary.outcomes.enumerated() {
            guard let outcome else { continue }
            rejected.append(Rejected(line: origin[i].line, index: origin[i].index, id: decoded[i].record.id, reason: outcome.reason))
        }
        rejected.sort { ($0.line ?? $0.index ?? 0) < ($1.line ?? $1.index ?? 0) }
        return Report(kind: kind, created: summary.created, replaced: summary.replaced, rejected: rejected)
    }

    public static func json(_ r: Report) -> JSONValue {
        .object(
            JSONObject([
                ("kind", .string(r.kind == .grades ? "grades" : "lots")), ("accepted", .number(JSONNumber(r.accepted))),
                ("created", .number(JSONNumber(r.created))), ("replaced", .number(JSONNumber(r.replaced))),
                (
                    "rejected",
                    .array(
                        r.rejected.map { x in
                            var o = JSONObject()
                            if let line = x.line { o["line"] = .number(JSONNumber(line)) }
                            if let index = x.index { o["index"] = .number(JSONNumber(index)) }
                            if let id = x.id { o["id"] = .string(id) }
                            o["reason"] = .string(x.reason)
                            return .object(o)
                        })
                )
            ]))
    }
}
