import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import records into the node's database.",
        subcommands: [Circularity.self, ImportMaterials.self, ImportDeclarations.self, ImportSubstanceList.self])

    struct Circularity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "circularity",
            abstract: "Import the circularity CSV files a folder holds (waste, collection, plastic_waste, sales, targets, prtr).",
            discussion: """
                Each file is all or nothing: one bad row (reported as file:line: reason) and nothing of that file is stored; \
                the other files are still imported. A file replaces the stored rows of its kind for the fiscal years it \
                holds (targets.csv: for its indicator and scope pairs), so importing it again never doubles. docs/circularity.md.
                """)

        @Argument(help: "The folder holding the CSV files.") var directory: String
        @Option(help: "The id of the organisation whose records these are (from `junkan org add`); they replace only its own.")
        var org: String
        @OptionGroup var db: DatabaseOptions
        @Option(help: "Who imports, for the import log.") var by: String = "cli"

        func run() async throws {
            let files = CircularityFile.allCases.filter { FileManager.default.fileExists(atPath: directory + "/" + $0.fileName) }
            guard !files.isEmpty else {
                throw ValidationError("\(directory) holds none of " + CircularityFile.allCases.map(\.fileName).joined(separator: ", "))
            }
            let store = try await db.open()
            guard try await store.organisation(id: org) != nil else { throw ValidationError("no organisation \(org) on this node") }
            var failed = 0
            for file in files {
                let path = directory + "/" + file.fileName
                if let error = try await CircularityImportRun.run(
                    bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))),
                    fileName: file.fileName, store: store, organisationID: org, by: by)
                {
                    failed += 1
                    FileHandle.standardError.write(Data((error + "\n").utf8))
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

/// One file through parse and store, printing its summary; the error text when it was refused.
enum CircularityImportRun {
    static func run(bytes: [UInt8], fileName: String, store: some CircularityStore, organisationID: String, by: String) async throws -> String? {
        do {
            let s = try await CircularityImporter.importFile(
                bytes, fileName: fileName, store: store, organisationID: organisationID, by: by,
                at: Int64(Date().timeIntervalSince1970 * 1000))
            let years = s.fiscalYears.isEmpty ? "" : " (fiscal years \(s.fiscalYears.map(String.init).joined(separator: ", ")))"
            print("\(fileName): \(s.rows) rows imported\(years), \(s.replacedRows) replaced")
            return nil
        } catch let e as CircularityImportError {
            var lines = ["\(fileName): nothing imported, \(e.errors.count + e.more) bad row(s):"] + e.errors.map { "  \($0)" }
            if e.more > 0 { lines.append("  … and \(e.more) more") }
            return lines.joined(separator: "\n")
        }
    }
}
