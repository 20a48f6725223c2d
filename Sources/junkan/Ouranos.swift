import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan ouranos api-key add NAME`: an API key for a client system of the Ouranos data-transaction API
/// (docs/ouranos.md), printed once and kept only as its SHA-256.
struct OuranosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ouranos", abstract: "The Ouranos data-transaction API: client API keys.", subcommands: [APIKey.self])

    struct APIKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "api-key", abstract: "Client API keys.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue an API key for a client system and print it (shown once).")
            @Argument(help: "The client system's name.") var name: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                guard !name.isEmpty else { throw ValidationError("the client needs a name") }
                let store = try await db.open()
                var g = SystemRandomNumberGenerator()
                let key = "jkok_" + CompactJWS.base64url((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) })
                try await store.addOuranosAPIKey(hash: TokenHash.sha256Hex(key), name: name, createdAt: Int64(Date().timeIntervalSince1970 * 1000))
                print(JSONWriter.string(.object(JSONObject([("name", .string(name)), ("apiKey", .string(key))]))))
            }
        }
    }
}

/// `junkan org ouranos ORG --account EMAIL`: the organisation as an Ouranos operator; its password at `/auth/login` is
/// its own token (docs/ouranos.md).
extension Org {
    struct Ouranos: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ouranos", abstract: "Open (or change) the organisation's account on this node's Ouranos API and print it.")
        @Argument(help: "The organisation's ID.") var organisation: String
        @Option(help: "The account ID (an e-mail address, the API's operatorAccountId).") var account: String
        @Option(help: "The local operator ID (openOperatorId, 1 to 20 characters; in Japan the corporate number). Default: its first GS1 prefix.")
        var openOperatorId: String?
        @Option(help: "The operator's address.") var address: String?
        @Option(help: "The global operator ID (default: the organisation's did:web).") var globalOperatorId: String?
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            let parts = account.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), account.count <= 256 else {
                throw ValidationError("--account must be an e-mail address")
            }
            if let o = openOperatorId, o.isEmpty || o.count > 20 { throw ValidationError("--open-operator-id is 1 to 20 characters") }
            if let a = address, a.isEmpty || a.count > 256 { throw ValidationError("--address is 1 to 256 characters") }
        }

        func run() async throws {
            let store = try await db.open()
            guard try await store.organisation(id: organisation) != nil else { throw ValidationError("no organisation \(organisation) on this node") }
            let existing = try await store.ouranosAccount(organisationID: organisation)
            let prefix = try await store.identifierOwnership().registrations.filter { $0.organisationID == organisation }.map(\.prefix).sorted().first
            guard let open = openOperatorId ?? existing?.openOperatorID ?? prefix else {
                throw ValidationError("give --open-operator-id (the organisation has no GS1 prefix to default to)")
            }
            let record = OuranosAccount(
                organisationID: organisation, login: account, openOperatorID: open, address: address ?? existing?.address ?? "not recorded",
                globalOperatorID: globalOperatorId ?? existing?.globalOperatorID)
            do { try await store.putOuranosAccount(record) } catch let e as OuranosStoreError { throw ValidationError("\(e)") }
            print(
                JSONWriter.string(
                    .object(
                        JSONObject([
                            ("organisation", .string(organisation)), ("account", .string(account)),
                            ("operatorId", .string(OuranosIDs.operatorID(organisation))),
                            ("openOperatorId", .string(open))
                        ]))))
        }
    }
}
