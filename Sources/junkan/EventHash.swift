import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode

struct EventHash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event-hash",
        abstract: "Print the CBV 2.0 event hash of each event of an EPCIS document, in document order.")

    @Argument(
        help: "An EPCIS 2.0 document (EPCISDocument or EPCISQueryDocument) in JSON-LD or XML (validated against GS1's XML Schema), or - for standard input.")
    var file: String = "-"

    @Flag(help: "Print the canonical pre-hash string after each hash.") var prehash = false
    @Flag(name: .customLong("json-ld"), help: "For an XML document: print its JSON-LD form (what capture stores and hashes) instead of hashes.")
    var jsonLD = false
    @Flag(
        name: .customLong("epcis-2-xml"),
        help: "For an EPCIS 1.2 XML document: print the EPCIS 2.0 XML it converts to (as GS1's convert-1.2-to-2.0.xsl) instead of hashes.")
    var epcis2XML = false

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
        if jsonLD || epcis2XML, !EPCISXMLSniffer.isXML(data) { throw ValidationError("--json-ld and --epcis-2-xml read an XML document; \(file) is not XML") }
        if epcis2XML {
            do { return [(try data.withUnsafeBytes { raw in try EPCISXMLReader.converted12(raw) }, nil)] } catch { throw ValidationError("\(file): \(error)") }
        }
        if EPCISXMLSniffer.isXML(data) {
            // XML is read into its JSON-LD form, as capture reads it, and hashed as that.
            let json: JSONValue
            do { json = try data.withUnsafeBytes { raw in try EPCISXMLReader.anyDocument(raw) } } catch { throw ValidationError("\(file): \(error)") }
            if jsonLD { return [(JSONWriter.string(json), nil)] }
            if prehash { return try JunkanCore.EventHash.preHashes(document: json).map { (JunkanCore.EventHash.hash(preHash: $0), $0) } }
            return try JunkanCore.EventHash.hashes(document: json).map { ($0, nil) }
        }
        if prehash, let pre = try JunkanCore.EventHash.preHashes(json: data) { return pre.map { (JunkanCore.EventHash.hash(preHash: $0), $0) } }
        if !prehash, let hashes = try JunkanCore.EventHash.hashes(json: data) { return hashes.map { ($0, nil) } }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch { throw ValidationError("\(file) is not JSON: \(error)") }
        if prehash { return try JunkanCore.EventHash.preHashes(document: json).map { (JunkanCore.EventHash.hash(preHash: $0), $0) } }
        return try JunkanCore.EventHash.hashes(document: json).map { ($0, nil) }
    }
}
