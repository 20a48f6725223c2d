/// A grades or lots CSV read as it arrives (`POST /materials/import` streams its body through one): each record is
/// handed on as soon as its id's rows are complete, so an import holds one record's rows, not the file (issue 25,
/// item 4). The rows of one id come together, one after another: an id whose rows are interrupted by another id's is
/// refused at the later row, instead of the whole file being held to gather them.
public struct MaterialCSVReader: Sendable {
    public let kind: MaterialCSV.Kind
    private let header: [String]
    private var csv = CSVReader(strictUTF8: true)
    private var sawHeader = false
    private var group: [CSVReader.Record] = []
    /// The first line of each id whose rows are complete.
    private var finished: [String: Int32] = [:]

    public init(kind: MaterialCSV.Kind) {
        self.kind = kind
        header = kind == .grades ? MaterialCSV.gradeHeader : MaterialCSV.lotHeader
    }

    /// The records completed by the next piece of the file (`final`: the last piece), and the rows rejected in it. A
    /// malformed file or a wrong header is thrown: nothing more can be read.
    public mutating func read(
        _ bytes: some Collection<UInt8>, final: Bool
    ) throws(MaterialCSV.RowError) -> (documents: [MaterialCSV.Document], rejected: [MaterialCSV.RowError]) {
        let records: [CSVReader.Record]
        do throws(CSVReader.SyntaxError) { records = try csv.records(bytes, final: final) } catch {
            throw MaterialCSV.RowError(line: error.line, reason: error.reason)
        }
        var documents: [MaterialCSV.Document] = [], rejected: [MaterialCSV.RowError] = []
        let emit = { (d: MaterialCSV.Document) in documents.append(d) }, reject = { (e: MaterialCSV.RowError) in rejected.append(e) }
        try take(records, emit, reject)
        if final {
            guard sawHeader else { throw MaterialCSV.RowError(line: 1, reason: "the file is empty: it needs the header line") }
            close(emit, reject)
        }
        return (documents, rejected)
    }

    private mutating func take(
        _ records: [CSVReader.Record], _ emit: (MaterialCSV.Document) -> Void, _ rejected: (MaterialCSV.RowError) -> Void
    ) throws(MaterialCSV.RowError) {
        for r in records {
            guard sawHeader else {
                guard r.fields == header else {
                    throw MaterialCSV.RowError(line: r.line, reason: "the header must be exactly \"\(header.joined(separator: ","))\"")
                }
                sawHeader = true
                continue
            }
            if r.fields == [""] { continue }
            guard r.fields.count == header.count else {
                rejected(MaterialCSV.RowError(line: r.line, reason: "\(r.fields.count) fields where the header has \(header.count)"))
                continue
            }
            let id = r.fields[0]
            guard !id.isEmpty else {
                rejected(MaterialCSV.RowError(line: r.line, reason: "id is empty"))
                continue
            }
            if let current = group.first?.fields[0], current != id { close(emit, rejected) }
            if let first = finished[id] {
                rejected(
                    MaterialCSV.RowError(
                        line: r.line,
                        reason: "the rows of id \(id) must come together: its rows from line \(first) ended before this one"))
                continue
            }
            group.append(r)
        }
    }

    /// The current id's rows are complete: its record, or why it has none.
    private mutating func close(_ emit: (MaterialCSV.Document) -> Void, _ rejected: (MaterialCSV.RowError) -> Void) {
        guard let first = group.first else { return }
        let id = first.fields[0]
        finished[id] = Int32(truncatingIfNeeded: first.line)
        switch MaterialCSV.document(id: id, group: group, kind: kind) {
        case .success(let d): emit(d)
        case .failure(let e): rejected(e)
        }
        group.removeAll(keepingCapacity: true)
    }
}
