import ArgumentParser
import Foundation
import JunkanCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `junkan queries`: named EPCIS queries on a Junkan (or any EPCIS 2.0 REST) server, through its `/queries` resource.
struct QueriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries", abstract: "Name, list, show, run and delete EPCIS queries on a server (its /queries resource).",
        subcommands: [Add.self, List.self, Show.self, Run.self, Remove.self])

    /// The server and credential every subcommand takes.
    struct Connection: ParsableArguments {
        @Option(help: "The server's base URL.") var server: String = "http://127.0.0.1:8080"
        @Option(help: "The organisation's bearer token (needed to name or delete a query).") var token: String?

        func validate() throws {
            guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--server must be an http(s) URL such as http://127.0.0.1:8080, not \"\(server)\"")
            }
        }

        /// Sends a request; a status other than `expected` is an error quoting the server's answer.
        func send(_ method: String, _ path: String, body: Data? = nil, expected: Int) async throws -> (Data, HTTPURLResponse) {
            guard let url = URL(string: server + path) else { throw ValidationError("cannot make a URL of \(server + path)") }
            var request = URLRequest(url: url)
            request.httpMethod = method
            if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = body
            }
            let (data, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw ValidationError("no HTTP answer from \(url)") }
            guard http.statusCode == expected else {
                throw ValidationError("\(method) \(path) answered HTTP \(http.statusCode): \(String(decoding: data, as: UTF8.self))")
            }
            return (data, http)
        }

        static func segment(_ name: String) -> String { PercentEncoding.encode(name) }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Name a query: its parameters as a JSON object (lists as arrays), from --query or a file.")
        @Argument(help: "The query's name (letters, digits, '-', '.', '_', '~').") var name: String
        @Option(help: "The query as JSON, e.g. '{\"EQ_bizStep\":[\"shipping\"]}'.") var query: String?
        @Option(help: "A file holding the query as JSON.") var file: String?
        @OptionGroup var connection: Connection

        func validate() throws {
            if (query == nil) == (file == nil) { throw ValidationError("give the query with --query or --file (one of them)") }
            if connection.token == nil { throw ValidationError("naming a query needs --token") }
        }

        func run() async throws {
            let text = try query ?? String(contentsOfFile: file!, encoding: .utf8)
            guard case .object(let q) = try JSONParser.parse(text) else { throw ValidationError("the query must be a JSON object") }
            let body = JSONValue.object(JSONObject([("name", .string(name)), ("query", .object(q))]))
            let (_, response) = try await connection.send("POST", "/queries", body: Data(JSONWriter.bytes(body)), expected: 201)
            print(response.value(forHTTPHeaderField: "Location") ?? "/queries/" + name)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the server's named queries, one JSON object a line.")
        @OptionGroup var connection: Connection

        func run() async throws {
            var path = "/queries?perPage=1000"
            while true {
                let (data, response) = try await connection.send("GET", path, expected: 200)
                for q in try JSONParser.parse(Array(data)).arrayValue ?? [] { print(JSONWriter.string(q)) }
                guard let token = response.value(forHTTPHeaderField: "GS1-Next-Page-Token") else { return }
                path = "/queries?perPage=1000&nextPageToken=" + PercentEncoding.encode(token)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a named query's definition.")
        @Argument var name: String
        @OptionGroup var connection: Connection

        func run() async throws {
            let (data, _) = try await connection.send("GET", "/queries/" + Connection.segment(name), expected: 200)
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a named query: its events, one JSON object a line, every page.")
        @Argument var name: String
        @Option(help: "Events per request.") var perPage: Int = 1_000
        @OptionGroup var connection: Connection

        func validate() throws { if !(1...10_000).contains(perPage) { throw ValidationError("--per-page must be from 1 to 10000") } }

        func run() async throws {
            let base = "/queries/" + Connection.segment(name) + "/events?perPage=\(perPage)"
            var path = base
            while true {
                let (data, response) = try await connection.send("GET", path, expected: 200)
                let doc = try JSONParser.parse(Array(data)).objectValue
                let events = doc?["epcisBody"]?.objectValue?["queryResults"]?.objectValue?["resultsBody"]?.objectValue?["eventList"]?.arrayValue
                for e in events ?? [] { print(JSONWriter.string(e)) }
                guard let token = response.value(forHTTPHeaderField: "GS1-Next-Page-Token") else { return }
                path = base + "&nextPageToken=" + PercentEncoding.encode(token)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a named query (the organisation that named it only).")
        @Argument var name: String
        @OptionGroup var connection: Connection

        func validate() throws { if connection.token == nil { throw ValidationError("deleting a query needs --token") } }

        func run() async throws {
            _ = try await connection.send("DELETE", "/queries/" + Connection.segment(name), expected: 204)
        }
    }
}
