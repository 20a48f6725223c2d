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
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch {
            throw ValidationError("\(file) is not JSON: \(error)")
        }
        var out = ""
        do {
            if prehash {
                let pre = try JunkanCore.EventHash.preHashes(document: json)
                for p in pre { out += JunkanCore.EventHash.hash(preHash: p) + "\n" + p + "\n" }
            } else {
                for h in try JunkanCore.EventHash.hashes(document: json) { out += h + "\n" }
            }
        } catch {
            throw ValidationError("\(file): \(error)")
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        // The process ends here. Freeing the parsed document node by node, on one thread, took longer than hashing a
        // thousand of its events, for no one's benefit: end without it (as compilers do with their syntax trees).
        withExtendedLifetime(json) { Foundation.exit(0) }
    }
}
