import ArgumentParser
import Foundation
import JunkanCore
import JunkanServer
import JunkanSQLite

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the organisations hosted on this node.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation and print its ID and capture token as JSON.")

        @Argument(help: "The organisation's name.") var name: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try SQLiteStore(path: db.database)
            let token = TokenHash.newToken()
            let org = try await store.addOrganisation(name: name, tokenHash: TokenHash.sha256Hex(token))
            print(JSONWriter.string(["id": .string(org.id), "name": .string(org.name), "token": .string(token)]))
        }
    }
}
