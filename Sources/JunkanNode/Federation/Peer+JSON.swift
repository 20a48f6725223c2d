public import JunkanCore
public import JunkanStore

extension Peer {
    /// A peer as `junkan peer list` and `GET /federation/status` show it: where it is, what it is (a Junkan node, or a
    /// plain EPCIS interface with no log) and the log key it is pinned to.
    public var summary: JSONObject {
        JSONObject([
            ("baseURL", .string(baseURL)), ("kind", .string(logKey.isEmpty ? "epcis" : "junkan")), ("logOrigin", .string(logOrigin)),
            ("logKey", .string(logKey)), ("addedAt", .string(ISO8601Timestamp.utcString(epochMilliseconds: addedAt)))
        ])
    }
}
