import ArgumentParser
import Foundation
import JunkanCore

struct EventHash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event-hash",
        abstract: "Print the CBV 2.0 event hash of each event of an EPCIS document, in document order.")

    @Argument(help: "An EPCIS 2.0 JSON-LD document (EPCISDocument or EPCISQueryDocument), or - for standard input.")
    var file: String = "-"

    @Flag(help: "Print the canonical pre-hash string after each hash.") var prehash = false

    func run() throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        var out = ""
        do {
            for (hash, preHash) in try lines(data) { out += hash + "\n" + (preHash.map { $0 + "\n" } ?? "") }
        } catch let error as EventHashError {
            throw ValidationError("\(file): \(error)")
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// Each event's hash, with its pre-hash when asked for. The flat parse (`JSONTape`) first; a document it refuses is
    /// parsed as a tree, which says what is wrong and where (and would hash it, were the two ever to disagree).
    private func lines(_ data: Data) throws -> [(String, String?)] {
        if prehash, let pre = try JunkanCore.EventHash.preHashes(json: data) { return pre.map { (JunkanCore.EventHash.hash(preHash: $0), $0) } }
        if !prehash, let hashes = try JunkanCore.EventHash.hashes(json: data) { return hashes.map { ($0, nil) } }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch { throw ValidationError("\(file) is not JSON: \(error)") }
        if prehash { return try JunkanCore.EventHash.preHashes(document: json).map { (JunkanCore.EventHash.hash(preHash: $0), $0) } }
        return try JunkanCore.EventHash.hashes(document: json).map { ($0, nil) }
    }
}
