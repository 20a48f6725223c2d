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
    /// The first line of each id whose rows are complete, by a 128-bit digest of the id rather than the id itself: a
    /// 64 MiB file holds some 300,000 ids, and their strings in a table cost the server some 40 MB it keeps.
    private var finished: [IDDigest: Int32] = [:]

    /// Two SipHash values of an id under this process's random seed, salted apart: two different ids share one with a
    /// chance of about 2^-128, and no file can be made to collide without knowing the seed.
    struct IDDigest: Hashable, Sendable {
        let a: Int, b: Int
        init(_ id: String) {
            var h1 = Hasher(), h2 = Hasher()
            h1.combine(0 as UInt8); h1.combine(id)
            h2.combine(1 as UInt8); h2.combine(id)
            a = h1.finalize(); b = h2.finalize()
        }
    }

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
            if let first = finished[IDDigest(id)] {
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
        finished[IDDigest(id)] = Int32(truncatingIfNeeded: first.line)
        switch MaterialCSV.document(id: id, group: group, kind: kind) {
        case .success(let d): emit(d)
        case .failure(let e): rejected(e)
        }
        group.removeAll(keepingCapacity: true)
    }
}
