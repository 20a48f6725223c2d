/// Reads one import file, all or nothing: every row is checked, and any bad row means no row of the file is kept
/// (each bad row is reported with its line and reason, so one pass shows them all: the first `maxErrors` and the count
/// of the rest).
public enum CircularityImport {
    public static let maxErrors = 100

    /// `fileName` decides the kind when given (and the header must then be that file's); otherwise the header does.
    public static func parse(text: String, fileName: String? = nil) throws(CircularityImportError) -> (CircularityFile, CircularityRecords) {
        var reader = CircularityImportReader(fileName: fileName)
        try reader.feed(Array(text.utf8))
        return try reader.finish()
    }
}

/// A circularity file read as it arrives (`POST /circularity/import` streams its body through one): UTF-8 checked
/// field by field, each row checked and kept as a typed record, so a 64 MiB file costs the memory of its records, not
/// of its text or of a tree of its rows (issue 25, item 4).
public struct CircularityImportReader: Sendable {
    private let fileName: String?
    private var csv = CSVReader(strictUTF8: true)
    private var parser: RowParser?
    /// An error that ends the reading (bad CSV, a wrong header): nothing after it is read.
    private var fatal: CircularityImportError?

    public init(fileName: String?) { self.fileName = fileName }

    private var shownName: String { fileName ?? "(body)" }

    public mutating func feed(_ bytes: some Collection<UInt8>) throws(CircularityImportError) {
        try read(bytes, final: false)
    }

    public mutating func finish() throws(CircularityImportError) -> (CircularityFile, CircularityRecords) {
        try read([], final: true)
        guard var parser else {
            throw CircularityImportError.single(file: shownName, line: 1, reason: "the file is empty: it needs a header line")
        }
        let (errors, more) = parser.errors()
        guard errors.isEmpty else { throw CircularityImportError(file: parser.name, errors: errors, more: more) }
        return (parser.file, parser.takeRecords())
    }

    /// The first record is the header, which says (or must match) the file; the others are rows.
    private mutating func read(_ bytes: some Collection<UInt8>, final: Bool) throws(CircularityImportError) {
        if let fatal { throw fatal }
        let records: [CSVReader.Record]
        do throws(CSVReader.SyntaxError) { records = try csv.records(bytes, final: final) } catch { try fail(error) }
        for record in records {
            if parser != nil {
                parser!.read(record)
                continue
            }
            switch Self.resolve(header: record, fileName: fileName, shownName: shownName) {
            case .success(let file): parser = RowParser(file: file, name: fileName ?? file.fileName)
            case .failure(let error):
                fatal = error
                throw error
            }
        }
    }

    /// Malformed CSV ends the reading: only that error is reported (the rows read so far may be misread).
    private mutating func fail(_ error: CSVReader.SyntaxError) throws(CircularityImportError) -> Never {
        let e = CircularityImportError.single(file: shownName, line: error.line, reason: error.reason)
        fatal = e
        throw e
    }

    static func resolve(header record: CSVReader.Record, fileName: String?, shownName: String) -> Result<CircularityFile, CircularityImportError> {
        let header = record.fields
        if let fileName {
            guard let f = CircularityFile(fileName: fileName) else {
                return .failure(
                    CircularityImportError.single(
                        file: fileName, line: 1,
                        reason: "not a circularity file: the names are " + CircularityFile.allCases.map(\.fileName).joined(separator: ", ")))
            }
            guard header == f.header else {
                return .failure(
                    CircularityImportError.single(
                        file: fileName, line: record.line,
                        reason: "the header must be exactly \"\(f.header.joined(separator: ","))\", found \"\(header.joined(separator: ","))\""))
            }
            return .success(f)
        }
        guard let f = CircularityFile(header: header) else {
            return .failure(
                CircularityImportError.single(
                    file: shownName, line: record.line,
                    reason: "the header \"\(header.joined(separator: ","))\" is not that of any circularity file: "
                        + CircularityFile.allCases.map { "\($0.fileName): \($0.header.joined(separator: ","))" }.joined(separator: "; ")))
        }
        return .success(f)
    }
}

/// Turns rows into records, keeping the first `CircularityImport.maxErrors` row errors and the count of the rest.
struct RowParser: Sendable {
    let file: CircularityFile
    let name: String
    private var records = CircularityRecords()
    /// The first `maxErrors` row errors (rows come in line order) and the count of the rest.
    private var rowErrors: [CircularityRowError] = []
    private var moreRowErrors = 0
    /// A key twice in one file is a mistake (a pasted block, a typo'd year). Each stored record's key hash and line are
    /// kept (12 bytes a row) and the repeats found by sorting when the file ends, keys compared in full: a table of the
    /// keys themselves cost hundreds of MB on a million rows.
    private var hashes: [Int] = []
    private var lines: [Int32] = []

    init(file: CircularityFile, name: String) { self.file = file; self.name = name }

    mutating func takeRecords() -> CircularityRecords {
        defer { records = CircularityRecords() }
        return records
    }

    private mutating func report(_ e: CircularityRowError) {
        if rowErrors.count < CircularityImport.maxErrors { rowErrors.append(e) } else { moreRowErrors += 1 }
    }

    /// Every error of the file, repeated keys included: the first `maxErrors` by line, and the count of the rest.
    func errors() -> (listed: [CircularityRowError], more: Int) {
        var repeats: [(line: Int32, first: Int32)] = []
        let order = hashes.indices.sorted { (hashes[$0], $0) < (hashes[$1], $1) }
        var i = 0
        while i < order.count {
            var j = i + 1
            while j < order.count, hashes[order[j]] == hashes[order[i]] { j += 1 }
            if j - i > 1 {
                // Equal hashes: group by the key itself, the earliest row of each key first (the order is by index).
                var firsts: [(key: [String], line: Int32)] = []
                for k in order[i..<j] {
                    let key = key(at: k)
                    if let f = firsts.first(where: { $0.key == key }) { repeats.append((lines[k], f.line)) } else { firsts.append((key, lines[k])) }
                }
            }
            i = j
        }
        let described = repeats.map { CircularityRowError(file: name, line: Int($0.line), reason: "the same \(keyDescription) as line \($0.first)") }
        let all = (rowErrors + described).sorted { $0.line < $1.line }
        let listed = Array(all.prefix(CircularityImport.maxErrors))
        return (listed, moreRowErrors + all.count - listed.count)
    }

    /// The key of the record at `index` of this file's kind.
    private func key(at index: Int) -> [String] {
        switch file {
        case .waste:
            let r = records.waste[index]
            return [String(r.fiscalYear), r.site, r.region.rawValue, r.category.rawValue, r.subcategory, r.treatment.rawValue]
        case .collection: return [String(records.collection[index].fiscalYear), records.collection[index].productType]
        case .plasticWaste: return [String(records.plasticWaste[index].fiscalYear), records.plasticWaste[index].scope]
        case .sales: return [String(records.sales[index].fiscalYear), records.sales[index].scope]
        case .targets:
            let r = records.targets[index]
            return [r.indicator.rawValue, r.scope, String(r.baseYear), String(r.targetYear), r.basis.rawValue]
        case .prtr: return [String(records.prtr[index].fiscalYear), records.prtr[index].site, records.prtr[index].cas]
        }
    }

    private var count: Int {
        switch file {
        case .waste: records.waste.count
        case .collection: records.collection.count
        case .plasticWaste: records.plasticWaste.count
        case .sales: records.sales.count
        case .targets: records.targets.count
        case .prtr: records.prtr.count
        }
    }

    mutating func read(_ record: CSVReader.Record) {
        let header = file.header
        guard record.fields.count == header.count else {
            report(.init(file: name, line: record.line, reason: "\(record.fields.count) fields where the header has \(header.count)"))
            return
        }
        let index = count
        var row = Row(fields: record.fields.map { $0.trimmingSpaces }, header: header)
        let key: [String]
        switch file {
        case .waste:
            let r = WasteRecord(
                fiscalYear: row.year("fiscal_year"), site: row.text("site"), region: row.choice("region"),
                category: row.choice("category"), subcategory: row.text("subcategory"),
                treatment: row.choice("treatment"), massT: row.amount("mass_t"))
            key = [String(r.fiscalYear), r.site, r.region.rawValue, r.category.rawValue, r.subcategory, r.treatment.rawValue]
            if row.problems.isEmpty { records.waste.append(r) }
        case .collection:
            let r = CollectionRecord(
                fiscalYear: row.year("fiscal_year"), productType: row.text("product_type"),
                collectedT: row.amount("collected_t"), reusedT: row.amount("reused_t"),
                partsReusedT: row.amount("parts_reused_t"), materialRecycledT: row.amount("material_recycled_t"),
                thermalRecycledT: row.amount("thermal_recycled_t"), disposedT: row.amount("disposed_t"))
            // In whole grams: exactly 0.5% over is still kept.
            if row.problems.isEmpty, MicroUnits.units(r.outputsT) * 1000 > MicroUnits.units(r.collectedT) * 1005 {
                row.problems.append(
                    "the outputs (reused + parts reused + material and thermal recycled + disposed = \(JSONNumber(r.outputsT)) t) "
                        + "exceed collected_t (\(JSONNumber(r.collectedT)) t) by more than 0.5%")
            }
            key = [String(r.fiscalYear), r.productType]
            if row.problems.isEmpty { records.collection.append(r) }
        case .plasticWaste:
            let r = PlasticWasteRecord(fiscalYear: row.year("fiscal_year"), scope: row.text("scope"), massT: row.amount("mass_t"))
            key = [String(r.fiscalYear), r.scope]
            if row.problems.isEmpty { records.plasticWaste.append(r) }
        case .sales:
            let r = SalesRecord(fiscalYear: row.year("fiscal_year"), scope: row.text("scope"), netSalesMillionJPY: row.amount("net_sales_million_jpy"))
            if row.problems.isEmpty, r.netSalesMillionJPY == 0 { row.problems.append("net_sales_million_jpy is 0: nothing can be per unit of it") }
            key = [String(r.fiscalYear), r.scope]
            if row.problems.isEmpty { records.sales.append(r) }
        case .targets:
            let r = TargetRecord(
                indicator: row.choice("indicator"), scope: row.text("scope"), baseYear: row.year("base_year"),
                targetYear: row.year("target_year"), targetChangePct: row.signedNumber("target_change_pct"),
                basis: row.choice("basis"))
            if row.problems.isEmpty {
                if r.targetYear <= r.baseYear { row.problems.append("target_year \(r.targetYear) is not after base_year \(r.baseYear)") }
                if r.indicator == .wasteRecyclingRate && r.basis == .perSales {
                    row.problems.append("waste_recycling_rate is already a ratio: its basis must be absolute, not per_sales")
                }
            }
            key = [r.indicator.rawValue, r.scope, String(r.baseYear), String(r.targetYear), r.basis.rawValue]
            if row.problems.isEmpty { records.targets.append(r) }
        case .prtr:
            let r = PRTRRecord(
                fiscalYear: row.year("fiscal_year"), site: row.text("site"), substance: row.text("substance"),
                cas: row.cas("cas"), handledKg: row.amount("handled_kg"), consumedKg: row.amount("consumed_kg"),
                recycledKg: row.amount("recycled_kg"), emittedAirKg: row.amount("emitted_air_kg"),
                emittedWaterKg: row.amount("emitted_water_kg"), transferredWasteKg: row.amount("transferred_waste_kg"),
                treatedKg: row.amount("treated_kg"))
            key = [String(r.fiscalYear), r.site, r.cas]
            if row.problems.isEmpty { records.prtr.append(r) }
        }
        if row.problems.isEmpty {
            assert(index == hashes.count)
            hashes.append(key.hashValue)
            lines.append(Int32(truncatingIfNeeded: record.line))
        }
        for p in row.problems { report(.init(file: name, line: record.line, reason: p)) }
    }

    private var keyDescription: String {
        switch file {
        case .waste: "fiscal_year, site, region, category, subcategory and treatment"
        case .collection: "fiscal_year and product_type"
        case .plasticWaste, .sales: "fiscal_year and scope"
        case .targets: "indicator, scope, base_year, target_year and basis"
        case .prtr: "fiscal_year, site and cas"
        }
    }
}

/// One row's fields by column name; each reader notes what is wrong and returns a placeholder, so every problem of the
/// row is found in one pass.
struct Row {
    let fields: [String]
    let header: [String]
    var problems: [String] = []

    init(fields: [String], header: [String]) { self.fields = fields; self.header = header }

    private func field(_ column: String) -> String { fields[header.firstIndex(of: column)!] }

    mutating func text(_ column: String) -> String {
        let v = field(column)
        if v.isEmpty { problems.append("\(column) is empty") }
        return v
    }

    mutating func year(_ column: String) -> Int {
        let v = field(column)
        guard let y = FiscalCalendar.year(v) else {
            problems.append("\(column) must be a year such as 2023, found \"\(v)\"")
            return 0
        }
        return y
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: String) -> T where T.RawValue == String {
        let v = field(column)
        if let c = T(rawValue: v) { return c }
        problems.append("\(column) must be one of \(T.allCases.map(\.rawValue).joined(separator: " | ")), found \"\(v)\"")
        return T.allCases.first!
    }

    /// A mass or amount: a plain decimal ≥ 0 (`12`, `0.5`, `1234.25`) with at most six decimals (a gram of a tonne, a
    /// milligram of a kilogram) and below 10⁹, so that sums of it are exact (`MicroUnits`).
    mutating func amount(_ column: String) -> Double {
        let v = field(column)
        guard let d = Self.decimal(v, signed: false) else {
            problems.append("\(column) must be a decimal number ≥ 0 such as 12.5, found \"\(v)\"")
            return 0
        }
        if let point = v.firstIndex(of: "."), v[v.index(after: point)...].count > 6 {
            problems.append("\(column) has more than six decimals (finer than a gram per tonne): \"\(v)\"")
        } else if d >= 1e9 {
            problems.append("\(column) is 10⁹ or more: \"\(v)\"")
        }
        return d
    }

    mutating func signedNumber(_ column: String) -> Double {
        let v = field(column)
        guard let d = Self.decimal(v, signed: true) else {
            problems.append("\(column) must be a decimal number such as -2.8, found \"\(v)\"")
            return 0
        }
        return d
    }

    /// A CAS Registry Number (`50-00-0`) whose check digit must be right.
    mutating func cas(_ column: String) -> String {
        let v = field(column)
        switch CASNumber.problem(v) {
        case .malformed: problems.append("\(column) must be a CAS Registry Number such as 50-00-0, found \"\(v)\"")
        case .wrongCheckDigit(let expected): problems.append("\(column) \(v) has a wrong check digit: it should end in \(expected)")
        case nil: break
        }
        return v
    }

    /// Digits with at most one decimal point (and a leading sign when `signed`): no exponents, no thousands separators,
    /// no `nan` or `inf`, which `Double("…")` would let through. The grammar is PACT's decimal string.
    static func decimal(_ s: String, signed: Bool) -> Double? {
        if !signed, s.first == "-" || s.first == "+" { return nil }
        return PactDecimal.parse(s)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (a space after a comma is a habit, not data).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
