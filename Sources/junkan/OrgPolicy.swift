import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan org policy set|list|remove`: the ODRL policies an organisation attaches to its datasets for the Dataspace
/// Protocol catalog (issue 28, item 2; docs/dataspace.md): an access policy (who sees the offer) and a contract policy
/// (the terms the offer proposes and the agreement carries), per dataset kind, for all (`*`) or for one dataset.
extension Org {
    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy", abstract: "Attach ODRL access and contract policies to an organisation's datasets.",
            subcommands: [Set.self, List.self, Remove.self])

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set",
                abstract: "Attach a policy (ODRL JSON in docs/dataspace.md's vocabulary) and print it; its @id replaces a policy with that ID.")
            @Argument(help: "The organisation's ID.") var organisation: String
            enum Role: String, ExpressibleByArgument, CaseIterable {
                case access, contract, release
            }
            @Option(
                help:
                    "access (who sees the offer in the catalog), contract (the terms of the offer), or release (which nodes may pull its trace events, in place of junkan org release)."
            )
            var role: Role
            @Option(help: "passport, footprint, events, circularity, * (all) or one dataset's ID.") var target: String = "*"
            @Argument(help: "The policy file (JSON), or - for standard input.") var file: String = "-"
            @OptionGroup var db: DatabaseOptions

            func validate() throws {
                if role == .release && target != "*" && target != "events" {
                    throw ValidationError("a release policy is about the organisation's trace events: leave --target out")
                }
            }

            func run() async throws {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
                let target = role == .release ? "events" : self.target
                let policy: ODRLPolicy
                do {
                    policy = try DSPPolicyBook.written(try JSONParser.parse(Array(data)), target: target)
                } catch let e as ODRLError {
                    throw ValidationError("the policy is refused: \(e)")
                } catch {
                    throw ValidationError("the policy is not JSON: \(error)")
                }
                let store = try await db.open()
                guard try await store.organisation(id: organisation) != nil else { throw ValidationError("no organisation \(organisation) on this node") }
                let existing = try await store.datasetPolicies()
                if let other = existing.first(where: { $0.id == policy.id && $0.organisationID != organisation }) {
                    throw ValidationError("policy \(policy.id) is \(other.organisationID)'s: give this one another @id")
                }
                // One release policy per organisation: a new one replaces the last, whatever its ID.
                if role == .release {
                    for old in existing where old.organisationID == organisation && old.role == .release && old.id != policy.id {
                        _ = try await store.removeDatasetPolicy(id: old.id)
                    }
                }
                let record = DatasetPolicyRecord(
                    id: policy.id, organisationID: organisation, role: DatasetPolicyRecord.Role(rawValue: role.rawValue)!, target: target,
                    policy: JSONWriter.string(policy.json),
                    createdAt: Int64(Date().timeIntervalSince1970 * 1000))
                try await store.putDatasetPolicy(record)
                print(JSONWriter.string(Self.json(record)))
            }

            static func json(_ r: DatasetPolicyRecord) -> JSONValue {
                .object(
                    JSONObject([
                        ("id", .string(r.id)), ("organisation", .string(r.organisationID)), ("role", .string(r.role.rawValue)),
                        ("target", .string(r.target)), ("policy", (try? JSONParser.parse(r.policy)) ?? .null)
                    ]))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the dataset policies as JSON lines.")
            @Argument(help: "Only this organisation's.") var organisation: String?
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                let store = try await db.open()
                for r in try await store.datasetPolicies() where organisation == nil || r.organisationID == organisation {
                    print(JSONWriter.string(Set.json(r)))
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a dataset policy by its @id.")
            @Argument(help: "The policy's @id.") var id: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                let store = try await db.open()
                guard try await store.removeDatasetPolicy(id: id) else { throw ValidationError("no policy \(id)") }
                print(JSONWriter.string(.object(JSONObject([("removed", .string(id))]))))
            }
        }
    }
}
