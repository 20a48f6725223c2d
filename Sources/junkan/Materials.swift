import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan import materials FILE --kind grades|lots --org ID`: grades or lots from CSV or JSON (docs/materials.md).
struct ImportMaterials: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "materials",
        abstract: "Import grades or lots from a CSV or JSON file (row by row: bad rows are listed, good ones stored).",
        discussion: "The format follows the file's extension (.csv or .json). Records belong to the organisation --org; "
            + "one it does not own is refused. Exits 1 when any row was rejected.")

    @Argument(help: "The CSV or JSON file.") var file: String
    @Option(help: "grades or lots.") var kind: String
    @Option(help: "The id of the organisation that owns the records (from `junkan org add`).") var org: String
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let kind: MaterialCSV.Kind
        switch self.kind {
        case "grades": kind = .grades
        case "lots": kind = .lots
        default: throw ValidationError("--kind is grades or lots")
        }
        let format: MaterialImporter.Format
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "csv": format = .csv
        case "json": format = .json
        default: throw ValidationError("\(file): the extension must be .csv or .json")
        }
        let store = try await db.open()
        guard try await store.organisation(id: org) != nil else { throw ValidationError("no organisation \(org) in \(db.described)") }
        let catalogue = MaterialCatalogue(store: store, index: nil, now: { Int64(Date().timeIntervalSince1970 * 1000) })
        let report: MaterialImporter.Report
        do {
            report = try await MaterialImporter.importData(
                Array(try Data(contentsOf: URL(fileURLWithPath: file))), format: format, kind: kind,
                catalogue: catalogue, owner: org)
        } catch let e as MaterialImporter.FileError {
            throw ValidationError("\(file): nothing imported: " + (e.line.map { "line \($0): " } ?? "") + e.reason)
        }
        print("\(file): \(report.created) created, \(report.replaced) replaced, \(report.rejected.count) rejected")
        for r in report.rejected {
            let at = r.line.map { "\(file):\($0)" } ?? r.index.map { "\(file)[\($0)]" } ?? file
            FileHandle.standardError.write(Data("\(at): \(r.id.map { "\($0): " } ?? "")\(r.reason)\n".utf8))
        }
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }
}

/// `junkan materials blend FILE`: offline blends, without a node — for planning, and for the cross-check against
/// scipy (scripts/crosscheck-blend.sh).
struct Materials: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "materials", abstract: "Work with material grades, lots and requests offline.", subcommands: [Blend.self])

    struct Blend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "blend",
            abstract: "Propose blends for requests against given grades and lots.",
            discussion: "FILE is JSON: an array of {\"grades\":[…],\"lots\":[…],\"request\":{…}} in the API's shapes. Prints a JSON array "
                + "with the blend of each (the body of POST /materials/requests/{id}/blend).")

        @Argument(help: "The JSON file of instances.") var file: String

        func run() async throws {
            let value = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            guard let instances = value.arrayValue else { throw ValidationError("\(file): expected a JSON array of instances") }
            var out: [JSONValue] = []
            for (i, instance) in instances.enumerated() {
                do {
                    out.append(try MaterialBlendRun.blend(instance))
                } catch let e as MaterialError {
                    throw ValidationError("\(file)[\(i)]: \(e)")
                }
            }
            print(JSONWriter.string(.array(out)))
        }
    }
}
