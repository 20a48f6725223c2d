import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan ouranos api-key add NAME`: an API key for a client system of the Ouranos data-transaction API
/// (docs/ouranos.md), printed once and kept only as its SHA-256.
struct OuranosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ouranos", abstract: "The Ouranos data-transaction API: client API keys, and pushing a lot to a platform.",
        subcommands: [APIKey.self, Push.self])

    struct APIKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "api-key", abstract: "Client API keys.", subcommands: [Add.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Issue an API key for a client system and print it (shown once).")
            @Argument(help: "The client system's name.") var name: String
            @OptionGroup var db: DatabaseOptions

            func run() async throws {
                guard !name.isEmpty else { throw ValidationError("the client needs a name") }
                let store = try await db.open()
                let key = "jkok_" + TokenHash.newToken()
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
                organisationID: organisation, login: account, openOperatorID: open, address: address ?? existing?.address ?? OuranosView.unrecorded,
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

/// `junkan ouranos push --platform URL --lot ID`: the client side (issue 28, item 5; docs/ouranos.md): a lot's parts
/// structure and its CFP, as this node computes them, written to another platform implementing the Ouranos API (the
/// operator's account there), then read back and compared.
extension OuranosCommand {
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a lot's parts structure and CFP to an Ouranos platform, read them back, and print both as JSON.")
        @Option(help: "The platform's base URL (its /auth/login and /api/v1/… are used).") var platform: String
        @Option(help: "The client API key the platform issued.") var apiKey: String
        @Option(help: "The operator's account ID on the platform.") var account: String
        @Option(help: "A file holding the account's password.") var passwordFile: String
        @Option(help: "The lot (EPC URN or Digital Link) of this node whose structure and CFP to send.") var lot: String
        @Option(help: "The platform's plant to register the parts under (its plantId; default: the operator's first).") var plantId: String?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let store = try await db.open()
            let view = OuranosView(
                graph: try await TraceIndex(store: store).snapshot(), ownership: try await store.identifierOwnership(),
                organisations: try await store.organisations(), accounts: try await store.ouranosAccounts(), plants: [], baseURL: "")
            guard let part = view.part(CBVCanonical.identifier(lot)), part.organisationID != nil, let cfp = view.cfp(part) else {
                throw ValidationError("\(lot) is not a lot of an organisation of this node in its trace graph")
            }
            let password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            var base = platform
            while base.hasSuffix("/") { base.removeLast() }
            let client = OuranosClient(base: base, apiKey: apiKey)
            let tokens = try await client.call("POST", "/auth/login", ["operatorAccountId": .string(account), "accountPassword": .string(password)])
            guard let access = tokens.objectValue?["accessToken"]?.stringValue else { throw ValidationError("the platform gave no access token") }
            let authorised = OuranosClient(base: base, apiKey: apiKey, token: access)
            let operatorID = try await authorised.call("GET", "/api/v1/authInfo?dataTarget=operator").objectValue?["operatorId"]?.stringValue ?? ""
            let plants = try await authorised.call("GET", "/api/v1/authInfo?dataTarget=plant").arrayValue ?? []
            guard let plant = plantId ?? plants.first?.objectValue?["plantId"]?.stringValue else {
                throw ValidationError("the operator has no plant on the platform: register one there, or give --plant-id")
            }
            // This node's structure, as the platform's operator's parts (the children become its own child parts).
            func theirs(_ v: JSONValue) -> JSONValue {
                var o = v.objectValue ?? JSONObject([])
                o["traceId"] = .null
                o["operatorId"] = .string(operatorID)
                o["plantId"] = .string(plant)
                return .object(o)
            }
            let local = view.structureJSON(part).objectValue ?? JSONObject([])
            let sent: JSONValue = .object(
                JSONObject([
                    ("parentPartsModel", theirs(local["parentPartsModel"] ?? .null)),
                    ("childrenPartsModel", .array((local["childrenPartsModel"]?.arrayValue ?? []).map(theirs)))
                ]))
            let written = try await authorised.call("PUT", "/api/v1/datatransport?dataTarget=partsStructure", sent)
            guard let traceID = written.objectValue?["parentPartsModel"]?.objectValue?["traceId"]?.stringValue else {
                throw ValidationError("the platform numbered no trace for the parent part")
            }
            let values = Dictionary(cfp.map { ($0.type, $0.value) }, uniquingKeysWith: { a, _ in a })
            let cfps: JSONValue = .array(
                OuranosModels.baseCFPTypes.map { type in
                    .object(
                        JSONObject([
                            ("cfpId", .null), ("traceId", .string(traceID)), ("cfpType", .string(type)),
                            ("ghgEmission", .number(JSONNumber((max(0, values[type] ?? 0) * 100_000).rounded(.up) / 100_000))),
                            ("ghgDeclaredUnit", .string("kgCO2e/kilogram")), ("dqrType", .string(type.hasPrefix("pre") ? "preProcessing" : "mainProcessing")),
                            ("dqrValue", .object(JSONObject([("TeR", .null), ("GeR", .null), ("TiR", .null)])))
                        ]))
                })
            _ = try await authorised.call("PUT", "/api/v1/datatransport?dataTarget=cfp", cfps)
            let structure = try await authorised.call("GET", "/api/v1/datatransport?dataTarget=partsStructure&traceId=" + traceID)
            let readBack = try await authorised.call("GET", "/api/v1/datatransport?dataTarget=cfp&traceIds=" + traceID)
            print(
                JSONWriter.string(
                    .object(
                        JSONObject([
                            ("traceId", .string(traceID)), ("sent", .object(JSONObject([("structure", sent), ("cfp", cfps)]))),
                            ("readBack", .object(JSONObject([("structure", structure), ("cfp", readBack)])))
                        ]))))
        }
    }
}

/// HTTP to an Ouranos platform: the `apiKey` header, the bearer token once logged in; a refusal shows its message.
struct OuranosClient {
    let base: String
    let apiKey: String
    var token: String? = nil

    func call(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        var headers = ["apiKey": apiKey]
        if let token { headers["Authorization"] = "Bearer " + token }
        let got = try await PeerHTTP.send(
            base + path, method: method, json: body.map { JSONWriter.bytes($0) }, headers: headers, timeout: 30, maxBytes: 16 << 20)
        let json = (try? JSONParser.parse(got.body)) ?? .null
        guard (200..<300).contains(got.status) else {
            throw ValidationError("\(method) \(path): HTTP \(got.status) \(json.objectValue?["message"]?.stringValue ?? "")")
        }
        return json
    }
}
