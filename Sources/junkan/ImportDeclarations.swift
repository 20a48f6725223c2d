import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan import declarations FILE|DIR --org ID`: IEC 62474 XML files (`.xml`) and chemSHERPA archives of them (`.shai`, `.shci`, `.zip`), JSON-form (`.json`) and CSV-form (`.csv`) files, all or
/// none: one bad element in any file and nothing is stored, each problem printed as file, path, line and reason.
struct ImportDeclarations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declarations",
        abstract: "Import material declarations (IEC 62474 XML, chemSHERPA archives, Junkan's JSON or CSV form) from a file or a folder of them.",
        discussion: """
            Each declaration is kept under the identifier its ProductID (or subject) names, for the organisation given, \
            replacing what that organisation declared of it before. All or none: one problem in any file and nothing is \
            stored. docs/substances.md.
            """)

    @Argument(help: "A declaration file, or a folder of them (.xml, .shai, .shci, .zip, .json, .csv).") var path: String
    @Option(help: "The id of the organisation that brings them (from `junkan org add`).") var org: String
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let files = try Self.files(path)
        var read: [(MaterialDeclaration, format: String)] = []
        var problems: [String] = []
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            do throws(DeclarationError) {
                if Self.archives.contains(where: file.lowercased().hasSuffix) {
                    read += try DeclarationDocument.declarations(archive: Array(data)).map { ($0, "iec62474-zip") }
                } else if file.lowercased().hasSuffix(".csv") {
                    read += try DeclarationDocument.declarations(csv: Array(data)).map { ($0, "csv") }
                } else if file.lowercased().hasSuffix(".json") {
                    let json: JSONValue
                    do { json = try JSONParser.parse(data) } catch { throw DeclarationError(path: "/", "not JSON: \(error)") }
                    read += try DeclarationDocument.declarations(json: json).map { ($0, "json") }
                } else {
                    read.append((try DeclarationDocument.read(data), "iec62474"))
                }
            } catch {
                problems += error.issues.map { "\(file): \($0)" }
            }
        }
        var seen: [String: Int] = [:]
        for (d, _) in read { seen[d.subject, default: 0] += 1 }
        problems += seen.filter { $0.value > 1 }.keys.sorted().map { "\($0) is declared in more than one file" }
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data((["nothing imported:"] + problems.map { "  " + $0 }).joined(separator: "\n").utf8 + [10]))
            throw ExitCode(1)
        }
        let store = try await db.open()
        guard try await store.organisation(id: org) != nil else { throw ValidationError("no organisation \(org) on this node") }
        try await store.storeDeclarations(SubstanceService.stored(read, organisationID: org, at: Int64(Date().timeIntervalSince1970 * 1000)))
        print("\(read.count) declaration(s) imported for \(org) from \(files.count) file(s)")
    }

    /// chemSHERPA's archives (articles, chemical products) and plain zips of IEC 62474 XML.
    static let archives = [".shai", ".shci", ".zip"]

    /// The file, or the folder's declaration files in name order.
    static func files(_ path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw ValidationError("no file or folder \(path)") }
        guard isFolder.boolValue else { return [path] }
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { name in
            ([".xml", ".json", ".csv"] + archives).contains { name.lowercased().hasSuffix($0) }
        }
        guard !names.isEmpty else { throw ValidationError("\(path) holds no .xml, .json, .csv, .shai, .shci or .zip file") }
        return names.sorted().map { path + "/" + $0 }
    }
}
