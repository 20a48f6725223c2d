import ArgumentParser
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan org release ORG public|receivers|partners|private`: which other nodes may pull this organisation's trace
/// events through `POST /federation/trace` (issue 27, item 6; docs/federation.md). Takes effect on running nodes at once.
extension Org {
    struct Release: AsyncParsableCommand {
        enum Choice: String, ExpressibleByArgument, CaseIterable {
            case `public`, receivers, partners, `private`
            var policy: ReleasePolicy { ReleasePolicy(rawValue: rawValue)! }
        }

        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Choose which other nodes may pull this organisation's trace events (default: receivers).")
        @Argument(help: "The organisation's ID.") var organisation: String
        @Argument(
            help:
                "public (any node), receivers (nodes whose organisations received the lot or a lot made from it), partners (every registered peer) or private (none)."
        )
        var policy: Choice
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            guard try await store.organisation(id: organisation) != nil else {
                throw ValidationError("no organisation \(organisation) on this node")
            }
            try await store.setReleasePolicy(organisationID: organisation, policy.policy)
            // The named policy replaces one written in ODRL (junkan org policy set --role release).
            for written in try await store.datasetPolicies() where written.organisationID == organisation && written.role == .release {
                _ = try await store.removeDatasetPolicy(id: written.id)
            }
            print(
                JSONWriter.string(
                    .object(
                        JSONObject([
                            ("organisation", .string(organisation)), ("release", .string(policy.rawValue)), ("odrl", policy.policy.odrl.json)
                        ]))))
        }
    }
}

/// `junkan org release-grant ORG NODE-URL [--revoke]`: the explicit grant of `receivers`: a named peer node gets this
/// organisation's events whatever its release policy but `private` (docs/federation.md).
extension Org {
    struct ReleaseGrant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release-grant", abstract: "Let a named peer node pull this organisation's trace events (or, with --revoke, no longer).")
        @Argument(help: "The organisation's ID.") var organisation: String
        @Argument(help: "The peer node's base URL (a registered peer).") var node: String
        @Flag(help: "Take the grant back.") var revoke = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            guard try await store.organisation(id: organisation) != nil else { throw ValidationError("no organisation \(organisation) on this node") }
            let base: String
            do { base = try PeerURL.normalise(node) } catch { throw ValidationError("\(error)") }
            guard try await store.peer(baseURL: base) != nil else { throw ValidationError("no peer \(base) (junkan peer add first)") }
            try await store.setReleaseGrant(organisationID: organisation, node: base, granted: !revoke)
            print(
                JSONWriter.string(
                    .object(JSONObject([("organisation", .string(organisation)), ("node", .string(base)), ("granted", .bool(!revoke))]))))
        }
    }
}
