import ArgumentParser
import Foundation
import JunkanCore
import JunkanLedger
import JunkanNode
import JunkanStore

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Manage the organisations hosted on this node.",
        subcommands: [
            Add.self, List.self, Prefix.self, Grant.self, Revoke.self, Group.self, PassportNaming.self, Release.self, ReleaseGrant.self, Policy.self,
            Ouranos.self
        ]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create an organisation and print its ID, capture token and public key as JSON.",
            discussion: """
                By default this node creates and holds the organisation's Ed25519 key and signs each of its log leaves.
                With --public-key the organisation keeps its key: it then signs every capture itself \
                (Junkan-Capture-Signature, docs/log-format.md), so this node cannot forge its records.
                """)

        @Argument(help: "The organisation's name.") var name: String
        @Option(help: "The organisation's own Ed25519 public key (base64 of 32 bytes); the node then holds no private key.")
        var publicKey: String?
        @Flag(help: "A market surveillance or customs authority: its token sees the authority fields of every passport (docs/passport.md).")
        var authority = false
        @Option(
            name: .customLong("gs1-prefix"),
            help:
                "A GS1 Company Prefix the organisation owns (6 to 12 digits; repeat for several): only it and its grantees may create identifiers under it (docs/ownership.md)."
        )
        var gs1Prefixes: [String] = []
        @Flag(
            help:
                "Public passports of others' products do not name this organisation on the steps it records (they say \"another organisation\"; junkan org passport-naming changes it)."
        )
        var notNamedOnPassports = false
        @OptionGroup var db: DatabaseOptions

        func validate() throws {
            if let publicKey, Base64.decode(publicKey)?.count != 32 {
                throw ValidationError("--public-key must be the base64 of a 32-byte Ed25519 public key")
            }
            if let bad = gs1Prefixes.first(where: { !IdentifierOwnership.validPrefix($0) }) {
                throw ValidationError("--gs1-prefix \(bad): a GS1 Company Prefix has 6 to 12 digits")
            }
        }

        func run() async throws {
            let store = try await db.open()
            let token = TokenHash.newToken()
            let key: OrganisationKey = publicKey.flatMap(Base64.decode).map { .own(publicKey: $0) } ?? .newHosted()
            let org = try await store.addOrganisation(name: name, tokenHash: TokenHash.sha256Hex(token), key: key)
            var out = JSONObject([
                ("id", .string(org.id)), ("name", .string(org.name)), ("token", .string(token)),
                ("publicKey", .string(Base64.encode(key.publicKey)))
            ])
            if case .own = key { out["signsOwnCaptures"] = .bool(true) }
            if authority {
                try await store.addAuthority(organisationID: org.id)
                out["authority"] = .bool(true)
            }
            if notNamedOnPassports {
                try await store.setNamedOnPassports(organisationID: org.id, false)
                out["passportNaming"] = "unnamed"
            }
            for prefix in gs1Prefixes { try await store.addPrefix(prefix, organisationID: org.id) }
            if !gs1Prefixes.isEmpty { out["gs1Prefixes"] = .array(gs1Prefixes.map { .string($0) }) }
            print(JSONWriter.string(.object(out)))
        }
    }
}
