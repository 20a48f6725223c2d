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
        /// The first `maxRejected` rejected records, in file order.
        public var rejected: [Rejected]
        /// Every rejected record, listed or not.
        public var rejectedCount: Int
        public var accepted: Int { created + replaced }
    }

    /// Rejected records listed in a report (the rest are counted).
    public static let maxRejected = 100

    /// The file cannot be read on (not UTF-8, not CSV/JSON, wrong header): nothing after `line` was stored, and
    /// `stored` records before it were (an import is row by row).
    public struct FileError: Error, Sendable {
        public var line: Int?
        public var reason: String
        public var stored = 0
    }

    public static func importData(
        _ bytes: [UInt8], format: Format, kind: MaterialCSV.Kind, catalogue: MaterialCatalogue,
        owner: String
    ) async throws -> Report {
        var session = MaterialImportSession(format: format, kind: kind, catalogue: catalogue, owner: owner)
        try await session.feed(bytes)
        return try await session.finish()
    }

    public static func json(_ r: Report) -> JSONValue {
        .object(
            JSONObject([
                ("kind", .string(r.kind == .grades ? "grades" : "lots")), ("accepted", .number(JSONNumber(r.accepted))),
                ("created", .number(JSONNumber(r.created))), ("replaced", .number(JSONNumber(r.replaced))),
                ("rejectedCount", .number(JSONNumber(r.rejectedCount))),
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
