import ArgumentParser
import Foundation
import JunkanCore
import JunkanStore

/// `junkan org prefix …`, `org grant`, `org revoke`: who owns which GS1 identifiers (docs/ownership.md).
extension Org {
    struct Prefix: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prefix", abstract: "Register, remove or list the GS1 Company Prefixes organisations own.",
            subcommands: [Add.self, Remove.self, List.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Register a GS1 Company Prefix an organisation owns.",
                discussion: "Refused when another organisation owns the same prefix or one nested with it.")
            @Argument(help: "The organisation's ID.") var organisation: String
            @Argument(help: "The GS1 Company Prefix (6 to 12 digits).") var prefix: String
            @OptionGroup var db: DatabaseOptions

            func validate() throws {
                guard IdentifierOwnership.validPrefix(prefix) else { throw ValidationError("\(prefix): a GS1 Company Prefix has 6 to 12 digits") }
            }

            func run() async throws {
                try await db.open().addPrefix(prefix, organisationID: organisation)
                print(JSONWriter.string(["organisation": .string(organisation), "gs1Prefix": .string(prefix)]))
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove a GS1 Company Prefix an organisation registered, and the grants it made under it.")
            @Argument(help: "The organisation's ID.") var organisation: String
            @Argument(help: "The GS1 Company Prefix.") var prefix: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                guard try await db.open().removePrefix(prefix, organisationID: organisation) else {
                    throw ValidationError("organisation \(organisation) has no GS1 Company Prefix \(prefix)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print every registered prefix, grant and unsettled upgrade conflict as JSON.")
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                let store = try await db.open()
                let ownership = try await store.identifierOwnership()
                let out: JSONValue = [
                    "prefixes": .array(
                        ownership.registrations.sorted { $0.prefix < $1.prefix }.map {
                            ["gs1Prefix": .string($0.prefix), "organisation": .string($0.organisationID)]
                        }),
                    "grants": .array(ownership.grants.map(Grant.json)),
                    "conflicts": .array(
                        try await store.ownershipConflicts().map {
                            ["key": .string($0.key), "organisations": .array($0.organisationIDs.map { .string($0) })]
                        })
                ]
                print(JSONWriter.string(out))
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let another organisation create and declare identifiers the grantor owns: a GTIN, a range of its serials, or a GLN.",
            discussion: """
                A contract manufacturer, or a recycler making lots under a brand's GTIN, records as the owner would. The grant \
                lapses when the grantor no longer owns the prefix. Prints the grant as JSON (its id withdraws it: junkan org revoke).
                """)
        @Argument(help: "The owner's organisation ID.") var grantor: String
        @Argument(help: "The organisation granted.") var grantee: String
        @Option(help: "A GTIN the grantor owns (14 digits, or 8, 12, 13).") var gtin: String?
        @Option(help: "Only serials FIRST..LAST of the GTIN (digits compare as numbers).") var serials: String?
        @Option(help: "A GLN the grantor owns (13 digits).") var gln: String?
        @OptionGroup var db: DatabaseOptions

        func scope() throws -> GrantScope {
            switch (gtin, gln) {
            case (let g?, nil):
                guard let key = try? DigitalLink(primaryKey: .init(ai: "01", value: g)).primaryKey.value else {
                    throw ValidationError("--gtin \(g) is not a valid GTIN")
                }
                guard let serials else { return .gtin(key) }
                let ends = serials.components(separatedBy: "..")
                guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty, !GrantScope.serialOrder(ends[1], ends[0]) else {
                    throw ValidationError("--serials must be FIRST..LAST with FIRST not after LAST")
                }
                return .serials(gtin: key, first: ends[0], last: ends[1])
            case (nil, let l?):
                guard serials == nil else { throw ValidationError("--serials goes with --gtin") }
                guard (try? DigitalLink(primaryKey: .init(ai: "414", value: l))) != nil else { throw ValidationError("--gln \(l) is not a valid GLN") }
                return .gln(l)
            default:
                throw ValidationError("give either --gtin (with --serials if only some) or --gln")
            }
        }

        func validate() throws { _ = try scope() }

        func run() async throws {
            let grant = try await db.open().addGrant(grantor: grantor, grantee: grantee, scope: try scope())
            print(JSONWriter.string(Self.json(grant)))
        }

        static func json(_ g: IdentifierOwnership.Grant) -> JSONValue {
            var o = JSONObject([("id", .number(JSONNumber(Int(g.id)))), ("grantor", .string(g.grantor)), ("grantee", .string(g.grantee))])
            switch g.scope {
            case .gtin(let k): o["gtin"] = .string(k)
            case .gln(let k): o["gln"] = .string(k)
            case .serials(let k, let first, let last):
                o["gtin"] = .string(k)
                o["serials"] = .string(first + ".." + last)
            }
            return .object(o)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a grant (its id, from junkan org grant or org prefix list).")
        @Argument(help: "The grantor's organisation ID.") var grantor: String
        @Argument(help: "The grant's id.") var id: Int64
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard try await db.open().removeGrant(id: id, grantor: grantor) else {
                throw ValidationError("organisation \(grantor) made no grant \(id)")
            }
        }
    }
}
