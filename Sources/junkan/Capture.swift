import ArgumentParser
import Foundation
import JunkanCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct Capture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Send an EPCIS document to a Junkan (or any EPCIS 2.0) server, in batches within its capture limit.")

    @Argument(help: "An EPCISDocument in JSON-LD, or in XML (EPCIS 2.0, sent as application/xml in one request).") var file: String
    @Option(help: "The server's base URL.") var server: String = "http://127.0.0.1:8080"
    @Option(help: "The organisation's bearer token (from `junkan org add`).") var token: String
    @Option(help: "Events per request (default: the server's GS1-EPCIS-Capture-Limit).") var batch: Int?

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--server must be an http(s) URL such as http://127.0.0.1:8080, not \"\(server)\"")
        }
    }

    /// `validate()` has checked that `server` parses.
    var captureURL: URL { URL(string: server + "/capture")! }

    func run() async throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        if EPCISXMLSniffer.isXML(data) { return try await sendXML(data) }
        guard case .object(var doc) = try JSONParser.parse(Array(data), limits: .init(maxDepth: 128)),
            case .object(var body)? = doc["epcisBody"], case .array(let events)? = body["eventList"]
        else { throw ValidationError("\(file) is not an EPCISDocument with an epcisBody.eventList") }
        let advertised = batch == nil ? try await captureLimit() : 0
        let size = batch ?? advertised
        let start = Date()
        var sent = 0
        var stored = 0, duplicates = 0
        let interactive = isatty(STDERR_FILENO) != 0
        while sent < events.count || events.isEmpty {
            let chunk = Array(events[sent..<min(events.count, sent + size)])
            body["eventList"] = .array(chunk)
            doc["epcisBody"] = .object(body)
            var request = URLRequest(url: captureURL)
            request.httpMethod = "POST"
            request.setValue("application/ld+json", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
            request.httpBody = Data(JSONWriter.bytes(.object(doc)))
            request.timeoutInterval = 600
            let (reply, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 202 else {
                FileHandle.standardError.write(Data("\n".utf8))
                throw ValidationError("capture of events \(sent)..<\(sent + chunk.count) failed with HTTP \(status): \(String(decoding: reply, as: UTF8.self))")
            }
            if let job = try? JSONParser.parse(Array(reply)).objectValue {
                stored += Int(job["storedCount"]?.numberValue?.doubleValue ?? 0)
                duplicates += Int(job["duplicateCount"]?.numberValue?.doubleValue ?? 0)
            }
            sent += chunk.count
            let rate = Double(sent) / max(Date().timeIntervalSince(start), 0.001)
            let line = "captured \(sent)/\(events.count) events (\(Int(rate)) events/s)"
            FileHandle.standardError.write(Data((interactive ? "\r" + line : line + "\n").utf8))
            if events.isEmpty { break }
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        print(
            JSONWriter.string([
                "events": .number(JSONNumber(events.count)), "stored": .number(JSONNumber(stored)),
                "duplicates": .number(JSONNumber(duplicates)),
                "seconds": .number(JSONNumber(Date().timeIntervalSince(start)))
            ]))
    }

    /// An XML document goes as it is, in one request: the server validates it against GS1's XML Schema and reports
    /// every problem with its line, which a document cut into batches here would renumber.
    func sendXML(_ data: Data) async throws {
        let start = Date()
        var request = URLRequest(url: captureURL)
        request.httpMethod = "POST"
        request.setValue("application/xml", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        request.httpBody = data
        request.timeoutInterval = 600
        let (reply, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 202, let job = try? JSONParser.parse(Array(reply)).objectValue else {
            throw ValidationError("capture of \(file) failed with HTTP \(status): \(String(decoding: reply, as: UTF8.self))")
        }
        let count = { (key: String) in JSONValue.number(job[key]?.numberValue ?? JSONNumber(0)) }
        print(
            JSONWriter.string([
                "events": count("eventCount"), "stored": count("storedCount"), "duplicates": count("duplicateCount"),
                "seconds": .number(JSONNumber(Date().timeIntervalSince(start)))
            ]))
    }

    /// The server's advertised GS1-EPCIS-Capture-Limit (OPTIONS /capture), or 10,000.
    func captureLimit() async throws -> Int {
        var request = URLRequest(url: captureURL)
        request.httpMethod = "OPTIONS"
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "GS1-EPCIS-Capture-Limit").flatMap(Int.init) ?? 10_000
    }
}
