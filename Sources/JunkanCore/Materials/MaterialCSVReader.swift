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

    /// A malformed file or a wrong header is thrown (nothing can be read); a bad row goes to `rejected`.
    public mutating func feed(
        _ bytes: some Collection<UInt8>, _ emit: (MaterialCSV.Document) -> Void, rejected: (MaterialCSV.RowError) -> Void
    ) throws(MaterialCSV.RowError) {
        var records: [CSVReader.Record] = []
        do throws(CSVReader.SyntaxError) { try csv.feed(bytes) { records.append($0) } } catch {
            throw MaterialCSV.RowError(line: error.line, reason: error.reason)
        }
        try take(records, emit, rejected)
    }

    public mutating func finish(_ emit: (MaterialCSV.Document) -> Void, rejected: (MaterialCSV.RowError) -> Void) throws(MaterialCSV.RowError) {
        var records: [CSVReader.Record] = []
        do throws(CSVReader.SyntaxError) { try csv.finish { records.append($0) } } catch {
            throw MaterialCSV.RowError(line: error.line, reason: error.reason)
        }
        try take(records, emit, rejected)
        guard sawHeader else { throw MaterialCSV.RowError(line: 1, reason: "the file is empty: it needs the header line") }
        close(emit, rejected)
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
