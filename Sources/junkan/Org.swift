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
            // 256 bits from the system CSPRNG; only its hash is stored.
            var rng = SystemRandomNumberGenerator()
            let token = (0..<32).map { _ in String(UInt8.random(in: 0...255, using: &rng), radix: 16).leftPadded(2) }.joined()
            let org = try await store.addOrganisation(name: name, tokenHash: TokenHash.sha256Hex(token))
            print(JSONWriter.string(["id": .string(org.id), "name": .string(org.name), "token": .string(token)]))
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
