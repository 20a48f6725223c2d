import ArgumentParser
import JunkanCore
import JunkanStore

/// `junkan org group join|leave|list`: the groups consolidated circularity reports cover (docs/circularity.md).
extension Org {
    struct Group: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "group", abstract: "The groups whose members a consolidated circularity report covers.",
            subcommands: [Join.self, Leave.self, List.self])

        struct Join: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add an organisation to a group (created by its first member).")
            @Argument(help: "The group's name.") var group: String
            @Argument(help: "The organisation's ID.") var organisation: String
            @OptionGroup var db: DatabaseOptions

            func validate() throws { guard !group.isEmpty else { throw ValidationError("a group needs a name") } }

            func run() async throws {
                try await db.open().joinCircularityGroup(group, organisationID: organisation)
            }
        }

        struct Leave: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Take an organisation out of a group.")
            @Argument(help: "The group's name.") var group: String
            @Argument(help: "The organisation's ID.") var organisation: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                guard try await db.open().leaveCircularityGroup(group, organisationID: organisation) else {
                    throw ValidationError("organisation \(organisation) is not in group \(group)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a group's members as JSON.")
            @Argument(help: "The group's name.") var group: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                let members = try await db.open().circularityGroupMembers(group)
                print(JSONWriter.string(["group": .string(group), "organisations": .array(members.map { .string($0) })]))
            }
        }
    }
}
