import ArgumentParser
import JunkanCore
import JunkanStore

/// `junkan org passport-naming ORG named|unnamed`: whether the passports of others' products name this organisation on
/// the steps it records (issue 25, item 2; docs/passport.md). Unnamed, a step is still shown, as "recorded by another
/// organisation"; the maker's and an authority's views keep the name.
extension Org {
    struct PassportNaming: AsyncParsableCommand {
        enum Choice: String, ExpressibleByArgument, CaseIterable { case named, unnamed }

        static let configuration = CommandConfiguration(
            commandName: "passport-naming",
            abstract: "Choose whether public passports of others' products name this organisation on the steps it records.")
        @Argument(help: "The organisation's ID.") var organisation: String
        @Argument(help: "named (the default) or unnamed.") var choice: Choice
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            guard try await store.organisation(id: organisation) != nil else {
                throw ValidationError("no organisation \(organisation) on this node")
            }
            try await store.setNamedOnPassports(organisationID: organisation, choice == .named)
            print(JSONWriter.string(.object(JSONObject([("organisation", .string(organisation)), ("passportNaming", .string(choice.rawValue))]))))
        }
    }
}
