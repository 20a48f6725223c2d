public import JunkanCore

/// The records circularity reports are computed from (docs/circularity.md). An import replaces, never doubles: a
/// file's rows replace the stored rows of the same kind for the fiscal years the file holds (targets: for the
/// indicator and scope pairs it holds), in one transaction.
public protocol CircularityStore: Sendable {
    /// Stores `records` (the rows of one parsed `file`) in place of what they replace; `sha256` of the file's bytes is
    /// kept in the import log with the time and who imported it.
    func importCircularity(
        _ file: CircularityFile, records: CircularityRecords, sha256: String, importedBy: String,
        at time: Int64
    ) async throws -> CircularityImportSummary
    /// What reports need: waste summed over sites (one row per fiscal year, region, category, subcategory and
    /// treatment, `site` "*"), every collection, plastic-waste, sales and target row, and PRTR rows of
    /// `prtrFiscalYear` (all years when nil).
    func circularityRecords(prtrFiscalYear: Int?) async throws -> CircularityRecords
}

public struct CircularityImportSummary: Sendable, Equatable {
    public var file: CircularityFile
    public var rows: Int
    /// The rows that were stored before and are replaced.
    public var replacedRows: Int
    public var fiscalYears: [Int]
    public init(file: CircularityFile, rows: Int, replacedRows: Int, fiscalYears: [Int]) {
        self.file = file; self.rows = rows; self.replacedRows = replacedRows; self.fiscalYears = fiscalYears
    }
}
