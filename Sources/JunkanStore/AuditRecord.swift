public import JunkanCore

/// The outcome of the last `junkan verify` of a node's database, kept in its settings (`NodeSetting.lastAudit`) so the
/// log page can say when the node was last audited and what was found, whichever process serves the page.
public struct AuditRecord: Sendable, Equatable {
    /// When the audit finished, ms since the epoch.
    public var at: Int64
    public var events: Int
    public var leaves: Int
    public var tiles: Int
    public var checkpoints: Int
    /// Whether checkpoint signatures were checked (a log key was given or found).
    public var signaturesChecked: Bool
    /// What did not match, or a witness that could not be asked: empty when everything held.
    public var problems: [String]

    public init(at: Int64, events: Int, leaves: Int, tiles: Int, checkpoints: Int, signaturesChecked: Bool, problems: [String]) {
        self.at = at; self.events = events; self.leaves = leaves; self.tiles = tiles; self.checkpoints = checkpoints
        self.signaturesChecked = signaturesChecked; self.problems = problems
    }

    /// The most problems kept (an audit of a damaged database can find thousands; the first say what happened).
    public static let problemLimit = 20

    public var json: String {
        JSONWriter.string(
            .object(
                JSONObject([
                    ("at", .number(JSONNumber(Int(at)))), ("events", .number(JSONNumber(events))), ("leaves", .number(JSONNumber(leaves))),
                    ("tiles", .number(JSONNumber(tiles))), ("checkpoints", .number(JSONNumber(checkpoints))),
                    ("signaturesChecked", .bool(signaturesChecked)),
                    ("problems", .array(problems.prefix(Self.problemLimit).map { .string($0) }))
                ])))
    }

    /// nil for text that is not a record (a setting written by a later version is read as none, not as an error).
    public init?(json text: String) {
        guard let o = (try? JSONParser.parse(Array(text.utf8)))?.objectValue,
            let at = o["at"]?.numberValue?.doubleValue, let events = o["events"]?.numberValue?.doubleValue,
            let leaves = o["leaves"]?.numberValue?.doubleValue, let tiles = o["tiles"]?.numberValue?.doubleValue,
            let checkpoints = o["checkpoints"]?.numberValue?.doubleValue, let signed = o["signaturesChecked"]?.boolValue,
            let problems = o["problems"]?.arrayValue
        else { return nil }
        self.init(
            at: Int64(at), events: Int(events), leaves: Int(leaves), tiles: Int(tiles), checkpoints: Int(checkpoints), signaturesChecked: signed,
            problems: problems.compactMap(\.stringValue))
    }
}
