import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

struct PactClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pact-client", abstract: "Manage the PACT v3 clients (data recipients) of this node.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create a PACT client and print its client_id and client_secret as JSON (the secret is shown only now).",
            discussion: "The client gets access tokens from POST /auth/token (HTTP Basic, grant_type=client_credentials).")

        @Argument(help: "Who the client is (a partner's name).") var name: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            let id = "pact-" + UUID().uuidString.lowercased().prefix(8)
            let secret = TokenHash.newToken()
            try await store.addPactClient(
                PactClient(
                    id: String(id), name: name, secretHash: TokenHash.sha256Hex(secret),
                    createdAt: Int64(Date().timeIntervalSince1970 * 1000)))
            print(
                JSONWriter.string(
                    .object(
                        JSONObject([
                            ("client_id", .string(String(id))), ("client_secret", .string(secret)),
                            ("name", .string(name))
                        ]))))
        }
    }
}

struct Pact: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pact", abstract: "Publish footprints over PACT v3.", subcommands: [Publish.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Compute a lot's cradle-to-gate footprint and publish it as a PACT v3 ProductFootprint; prints it.",
            discussion: """
                The same as POST /footprints/publish. A new footprint gets a new id; the organisation's earlier footprints \
                of the lot become Deprecated and are listed in precedingPfIds. --body FILE gives any other member of the \
                publish body (docs/pact.md) as JSON; the options override it.
                """)

        @Argument(help: "The lot or item: EPC class or EPC, as a URN or GS1 Digital Link.") var id: String
        @Option(help: "The publishing organisation's id (from `junkan org add`).") var org: String
        @Option(help: "Fossil carbon content, kg C per kg of product (PACT SHALL).") var fossilCarbonContent: String?
        @Option(help: "Biogenic carbon content, kg C per kg.") var biogenicCarbonContent: String?
        @Option(help: "The product's trade name.") var productName: String?
        @Option(help: "ISO 3166-1 country, ISO 3166-2 subdivision or UN M49 region of the footprint.") var geography: String?
        @Option(help: "A JSON file with further members of the publish body.") var body: String?
        @Flag(help: "Publish even when the computation reports data-quality issues (they are stated in the footprint's comment).")
        var acceptDataQualityIssues = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            guard let organisation = try await store.organisation(id: org) else { throw ValidationError("no organisation \(org) in \(db.described)") }
            var o = JSONObject()
            if let body {
                guard case .object(let b)? = try? JSONParser.parse(String(contentsOfFile: body, encoding: .utf8)) else {
                    throw ValidationError("--body \(body) is not a JSON object")
                }
                o = b
            }
            o["id"] = .string(id)
            if let fossilCarbonContent { o["fossilCarbonContent"] = .string(fossilCarbonContent) }
            if let biogenicCarbonContent { o["biogenicCarbonContent"] = .string(biogenicCarbonContent) }
            if let productName { o["productNameCompany"] = .string(productName) }
            if let geography { o["geography"] = .string(geography) }
            if acceptDataQualityIssues { o["acceptDataQualityIssues"] = .bool(true) }
            let publisher = PactPublisher(store: store, trace: TraceIndex(store: store))
            do {
                let record = try await publisher.publish(.object(o), by: organisation, now: Int64(Date().timeIntervalSince1970 * 1000))
                print(record.json)
            } catch let f as PactPublisher.Failure {
                throw ValidationError(f.description)
            }
        }
    }
}
