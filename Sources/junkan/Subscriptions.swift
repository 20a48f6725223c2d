import ArgumentParser
import Foundation
import JunkanCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `junkan subscriptions`: webhook subscriptions to named queries on a server (its `/queries/{name}/subscriptions`).
struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriptions",
        abstract: "Subscribe a webhook to a named query (every new event, or on a schedule), list, show and end subscriptions.",
        subcommands: [Add.self, List.self, Show.self, Remove.self])

    typealias Connection = QueriesCommand.Connection

    static func path(_ query: String) -> String { "/queries/" + Connection.segment(query) + "/subscriptions" }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe: --stream for every new matching event, or --schedule with the fields of a schedule.")
        @Argument(help: "The named query.") var query: String
        @Option(help: "The webhook URL the events are POSTed to.") var dest: String
        @Flag(help: "Every matching event as it is committed.") var stream = false
        @Option(help: "A schedule as JSON, e.g. '{\"hour\":\"1\",\"minute\":\"5\"}' (UTC).") var schedule: String?
        @Flag(help: "With --schedule: send an empty document when a run finds nothing.") var reportIfEmpty = false
        @Option(help: "The secret each delivery's GS1-Signature is keyed with (HMAC-SHA256 of the body).") var signatureToken: String?
        @Option(help: "Events recorded from this date-time on (default: now).") var initialRecordTime: String?
        @OptionGroup var connection: Connection

        func validate() throws {
            if stream == (schedule != nil) { throw ValidationError("give --stream or --schedule (one of them)") }
            if reportIfEmpty && schedule == nil { throw ValidationError("--report-if-empty goes with --schedule") }
            if connection.token == nil { throw ValidationError("subscribing needs --token") }
        }

        func run() async throws {
            var body = JSONObject([("dest", .string(dest))])
            if stream { body["stream"] = .bool(true) }
            if let schedule {
                guard case .object(let s) = try JSONParser.parse(schedule) else { throw ValidationError("--schedule must be a JSON object") }
                body["schedule"] = .object(s)
                body["reportIfEmpty"] = .bool(reportIfEmpty)
            }
            if let signatureToken { body["signatureToken"] = .string(signatureToken) }
            if let initialRecordTime { body["initialRecordTime"] = .string(initialRecordTime) }
            let (data, _) = try await connection.send(
                "POST", SubscriptionsCommand.path(query), body: Data(JSONWriter.bytes(.object(body))), expected: 201)
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The caller's subscriptions to a query, one JSON object a line.")
        @Argument var query: String
        @OptionGroup var connection: Connection

        func validate() throws { if connection.token == nil { throw ValidationError("listing subscriptions needs --token") } }

        func run() async throws {
            var path = SubscriptionsCommand.path(query) + "?perPage=1000"
            while true {
                let (data, response) = try await connection.send("GET", path, expected: 200)
                for s in try JSONParser.parse(Array(data)).arrayValue ?? [] { print(JSONWriter.string(s)) }
                guard let token = response.value(forHTTPHeaderField: "GS1-Next-Page-Token") else { return }
                path = SubscriptionsCommand.path(query) + "?perPage=1000&nextPageToken=" + PercentEncoding.encode(token)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One subscription, with how its deliveries are going (failing, lastError).")
        @Argument var query: String
        @Argument var id: String
        @OptionGroup var connection: Connection

        func validate() throws { if connection.token == nil { throw ValidationError("showing a subscription needs --token") } }

        func run() async throws {
            let (data, _) = try await connection.send("GET", SubscriptionsCommand.path(query) + "/" + Connection.segment(id), expected: 200)
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a subscription.")
        @Argument var query: String
        @Argument var id: String
        @OptionGroup var connection: Connection

        func validate() throws { if connection.token == nil { throw ValidationError("ending a subscription needs --token") } }

        func run() async throws {
            _ = try await connection.send("DELETE", SubscriptionsCommand.path(query) + "/" + Connection.segment(id), expected: 204)
        }
    }
}
