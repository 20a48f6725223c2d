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
            // The flat parse first; a document it refuses is parsed again as a tree, which says what is wrong and where.
            if prehash, let pre = try JunkanCore.EventHash.preHashes(json: data) {
                for p in pre { out += JunkanCore.EventHash.hash(preHash: p) + "\n" + p + "\n" }
            } else if !prehash, let hashes = try JunkanCore.EventHash.hashes(json: data) {
                for h in hashes { out += h + "\n" }
            } else {
                do { _ = try JSONParser.parse(data) } catch { throw ValidationError("\(file) is not JSON: \(error)") }
                throw ValidationError("\(file) is not JSON")  // not reached: the two parsers accept the same documents
            }
        } catch let error as EventHashError {
            throw ValidationError("\(file): \(error)")
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
