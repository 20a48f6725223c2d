import ArgumentParser
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan peer group join|leave|list`: named groups of peer nodes, which dataset policies name with `junkan:memberOf`
/// (docs/dataspace.md). Read on each request: no restart.
extension PeerCommand {
    struct Group: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "group", abstract: "Named groups of peers, for the junkan:memberOf constraint of dataset policies.",
            subcommands: [Join.self, Leave.self, List.self])

        struct Join: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a registered peer to a group (created by its first member).")
            @Argument(help: "The group's name.") var group: String
            @Argument(help: "The peer's base URL.") var url: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                guard !group.isEmpty else { throw ValidationError("a group needs a name") }
                let store = try await db.open()
                let base = try PeerURL.normalise(url)
                guard try await store.peer(baseURL: base) != nil else { throw ValidationError("no peer \(base) (junkan peer add first)") }
                try await store.setPeerGroup(group, node: base, member: true)
                print(JSONWriter.string(.object(JSONObject([("group", .string(group)), ("peer", .string(base)), ("member", .bool(true))]))))
            }
        }

        struct Leave: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Take a peer out of a group.")
            @Argument(help: "The group's name.") var group: String
            @Argument(help: "The peer's base URL.") var url: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                let store = try await db.open()
                let base = try PeerURL.normalise(url)
                try await store.setPeerGroup(group, node: base, member: false)
                print(JSONWriter.string(.object(JSONObject([("group", .string(group)), ("peer", .string(base)), ("member", .bool(false))]))))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print each group and its members as JSON lines.")
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                let store = try await db.open()
                let groups = try await store.peerGroups()
                for name in groups.keys.sorted() {
                    print(
                        JSONWriter.string(
                            .object(JSONObject([("group", .string(name)), ("members", .array(groups[name]!.sorted().map { .string($0) }))]))))
                }
            }
        }
    }
}
