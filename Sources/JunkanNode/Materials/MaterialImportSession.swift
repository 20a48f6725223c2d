public import JunkanCore
import JunkanStore

/// A grades or lots file read as it arrives (`POST /materials/import` feeds it its body piece by piece): CSV records
/// are decoded and stored 2,000 at a time as their rows complete; a JSON file is held as bytes and its array parsed one
/// element at a time. What it holds is one chunk of records and the first `MaterialImporter.maxRejected` rejections,
/// not a tree of the file (issue 25, item 4: a 63 MB CSV used to peak at 4.4 GB).
public struct MaterialImportSession: Sendable {
    public let format: MaterialImporter.Format
    public let kind: MaterialCSV.Kind
    let catalogue: MaterialCatalogue
    let owner: String
    public private(set) var byteCount = 0

    private var csv: MaterialCSVReader
    private var json: [UInt8] = []
    private var pending: [Item] = []
    private var kinds: [String: MaterialKind]?
    private var ids: Set<String> = []
    private var created = 0, replaced = 0
    private var rejected: [MaterialImporter.Rejected] = []
    private var rejectedCount = 0

    static let chunk = 2000

    struct Item: Sendable {
        var json: JSONValue
        var id: String?
        /// The CSV record it was read from (nil from JSON).
        var document: MaterialCSV.Document?
        var index: Int?
        var line: Int? { document?.line }
        /// The CSV line an error at `pointer` comes from.
        func line(of pointer: String) -> Int? { document?.line(of: pointer) }
    }

    public init(format: MaterialImporter.Format, kind: MaterialCSV.Kind, catalogue: MaterialCatalogue, owner: String) {
        self.format = format
        self.kind = kind
        self.catalogue = catalogue
        self.owner = owner
        csv = MaterialCSVReader(kind: kind)
    }

    public mutating func feed(_ bytes: some Collection<UInt8>) async throws {
        byteCount += bytes.count
        switch format {
        case .json: json += bytes
        case .csv:
            try readCSV(bytes, final: false)
            if pending.count >= Self.chunk { try await flush() }
        }
    }

    /// The CSV records completed by a piece of the file join the pending ones; its rejected rows are noted.
    private mutating func readCSV(_ bytes: some Collection<UInt8>, final: Bool) throws {
        let read: (documents: [MaterialCSV.Document], rejected: [MaterialCSV.RowError])
        do throws(MaterialCSV.RowError) { read = try csv.read(bytes, final: final) } catch {
            throw MaterialImporter.FileError(line: error.line, reason: error.reason, stored: created + replaced)
        }
        take(read.documents, read.rejected)
    }

    public mutating func finish() async throws -> MaterialImporter.Report {
        switch format {
        case .csv:
            try readCSV([], final: true)
            try await flush()
        case .json:
            let bytes = json
            json = []
            let key = kind == .grades ? "grades" : "lots"
            let elements: [Range<Int>]
            do { elements = try JSONArrayElements.ranges(bytes, member: key) } catch {
                throw MaterialImporter.FileError(
                    line: nil, reason: "expected an array of \(key), or {\"\(key)\": [...]}: \(error.reason) at byte \(error.offset)")
            }
            for (i, range) in elements.enumerated() {
                let value: JSONValue
                do { value = try JSONParser.parse(bytes[range]) } catch {
                    throw MaterialImporter.FileError(line: nil, reason: "element \(i) is not JSON: \(error)", stored: created + replaced)
                }
                pending.append(Item(json: value, id: value.objectValue?["id"]?.stringValue, document: nil, index: i))
                if pending.count >= Self.chunk { try await flush() }
            }
            try await flush()
        }
        return MaterialImporter.Report(kind: kind, created: created, replaced: replaced, rejected: rejected, rejectedCount: rejectedCount)
    }

    private mutating func take(_ documents: [MaterialCSV.Document], _ errors: [MaterialCSV.RowError]) {
        for e in errors { reject(.init(line: e.line, index: nil, id: nil, reason: e.reason)) }
        for d in documents { pending.append(Item(json: d.json, id: d.id, document: d, index: nil)) }
    }

    private mutating func reject(_ r: MaterialImporter.Rejected) {
        rejectedCount += 1
        if rejected.count < MaterialImporter.maxRejected { rejected.append(r) }
    }

    /// Decodes and stores the pending records (one transaction), noting each one refused.
    private mutating func flush() async throws {
        guard !pending.isEmpty else { return }
        if kinds == nil { kinds = kind == .lots ? try await catalogue.gradeKinds() : [:] }
        var decoded: [MaterialCatalogue.Decoded] = []
        var origin: [Item] = []
        var refused: [MaterialImporter.Rejected] = []
        for item in pending {
            do {
                let d = try catalogue.decode(kind == .grades ? .grade : .lot, item.json, kinds: kinds ?? [:])
                // A CSV's reader already refuses an id whose rows come apart; a JSON file's ids are remembered here.
                guard item.document != nil || ids.insert(d.record.id).inserted else {
                    refused.append(.init(line: item.line, index: item.index, id: d.record.id, reason: "the id \(d.record.id) appears twice in the file"))
                    continue
                }
                decoded.append(d)
                origin.append(item)
            } catch {
                refused.append(.init(line: item.line(of: error.pointer) ?? item.line, index: item.index, id: item.id, reason: error.description))
            }
        }
        pending = []
        let summary = try await catalogue.write(decoded, owner: owner, mode: .upsert)
        created += summary.created
        replaced += summary.replaced
        for (i, outcome) in summary.outcomes.enumerated() {
            guard let outcome else { continue }
            refused.append(.init(line: origin[i].line, index: origin[i].index, id: decoded[i].record.id, reason: outcome.reason))
        }
        for r in refused.sorted(by: { ($0.line ?? $0.index ?? 0) < ($1.line ?? $1.index ?? 0) }) { reject(r) }
    }
}
