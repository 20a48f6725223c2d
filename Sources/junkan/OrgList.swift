import ArgumentParser
import JunkanCore
import JunkanLedger
import JunkanStore

extension Org {
    /// `junkan org list`: the organisations as JSON, whichever backend (no SQL client needed to find an ID).
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Print the organisations hosted on this node as JSON: id, name, public key, who signs.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            let list = try await store.organisations().map { org -> JSONValue in
                let signs: String = if case .hosted = org.key { "node" } else { "organisation" }
                return .object(
                    JSONObject([
                        ("id", .string(org.id)), ("name", .string(org.name)), ("publicKey", .string(Base64.encode(org.key.publicKey))),
                        ("signs", .string(signs))
                    ]))
            }
            print(JSONWriter.string(.array(list)))
        }
    }
}
