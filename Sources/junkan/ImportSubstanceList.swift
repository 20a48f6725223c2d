import ArgumentParser
import Foundation
import JunkanCore
import JunkanNode
import JunkanStore

/// `junkan import substance-list FILE [--org ID]`: a restricted-substance list in Junkan's JSON form (the shipped lists'
/// form, docs/substances.md). Without `--org`, the operator loads a newer version of a public list (or a new public
/// list); with it, the organisation's own list.
struct ImportSubstanceList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "substance-list",
        abstract: "Load a restricted-substance list (JSON): a newer version of a public list, or an organisation's own with --org.",
        discussion: """
            Of a list's versions, the one with the latest date is used by compliance checks (GET /substances/compliance?list=ID). \
            An organisation's own list cannot take the id of a public list or of another organisation's list. docs/substances.md.
            """)

    @Argument(help: "The list, as JSON.") var file: String
    @Option(help: "The organisation whose own list it is (from `junkan org add`); none for a public list.") var org: String?
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("no file \(file) (or it cannot be read)") }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch { throw ValidationError("\(file) is not JSON: \(error)") }
        let store = try await db.open()
        if let org, try await store.organisation(id: org) == nil { throw ValidationError("no organisation \(org) on this node") }
        do {
            let list = try await SubstanceService.load(json, into: store, organisationID: org ?? "", at: Int64(Date().timeIntervalSince1970 * 1000))
            print("list \(list.id) version \(list.version) (\(list.date)) loaded" + (org.map { " as the own list of \($0)" } ?? " as a public list"))
        } catch let refusal as SubstanceListRefusal {
            FileHandle.standardError.write(Data("\(file): \(refusal)\n".utf8))
            throw ExitCode(1)
        }
    }
}
