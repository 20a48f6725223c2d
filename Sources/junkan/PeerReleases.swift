import ArgumentParser
import JunkanCore
import JunkanNode
import JunkanStore

extension PeerCommand {
    /// `junkan peer releases`: what this node released to its peers, who asked, when and which events (issue 27, item
    /// 6): the records each of which is also a leaf of this node's log, so `junkan verify` checks them against it.
    struct Releases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "releases",
            abstract: "Print the release records (what this node sent which peer, and when) as JSON lines, in log order.")
        @Option(help: "Only the releases to this peer (its base URL).") var peer: String?
        @Option(help: "Only the releases of this organisation's events.") var org: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            let requester: String?
            do { requester = try peer.map { try PeerURL.normalise($0) } } catch { throw ValidationError("\(error)") }
            var from: UInt64 = 0
            while true {
                let batch = try await store.releaseRecords(from: from, limit: 1000)
                guard let last = batch.last?.leafIndex else { break }
                for r in batch where (requester == nil || r.requester == requester) && (org.map(r.organisations.contains) ?? true) {
                    print(JSONWriter.string(Self.json(r)))
                }
                from = last + 1
            }
        }

        static func json(_ r: ReleaseRecord) -> JSONValue {
            .object(
                JSONObject([
                    ("leafIndex", .number(JSONNumber(Int(r.leafIndex ?? 0)))),
                    ("releasedAt", .string(ISO8601Timestamp.utcString(epochMilliseconds: r.releasedAt))),
                    ("requester", .string(r.requester)), ("organisations", .array(r.organisations.map { .string($0) })),
                    ("eventCount", .number(JSONNumber(r.eventHashes.count))), ("eventHashes", .array(r.eventHashes.map { .string($0) }))
                ]))
        }
    }
}
