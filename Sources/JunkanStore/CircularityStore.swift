public import JunkanCore

/// The records circularity reports are computed from (docs/circularity.md). Every row belongs to the organisation that
/// imported it. An import replaces, never doubles: a file's rows replace that organisation's stored rows of the same
/// kind for the fiscal years the file holds (targets: for the indicator and scope pairs it holds), in one transaction;
/// no other organisation's rows are touched.
public protocol CircularityStore: Sendable {
    /// Stores `records` (the rows of one parsed `file`) as `organisationID`'s, in place of what they replace; `sha256`
    /// of the file's bytes is kept in the import log with the time and who imported it.
    func importCircularity(
        _ file: CircularityFile, records: CircularityRecords, organisationID: String, sha256: String, importedBy: String,
        at time: Int64
    ) async throws -> CircularityImportSummary
    /// What a report of `organisations` needs, their rows added up: waste summed over sites (one row per fiscal year,
    /// region, category, subcategory and treatment, `site` "*"), collection, plastic-waste and sales rows summed per
    /// key, their targets, and PRTR rows of `prtrFiscalYear` (all years when nil) summed per site and substance.
    func circularityRecords(organisations: Set<String>, prtrFiscalYear: Int?) async throws -> CircularityRecords
    /// The organisations that hold circularity records, sorted.
    func circularityHolders() async throws -> [String]

    /// Consolidated reports cover exactly the organisations that joined a named group.
    func joinCircularityGroup(_ group: String, organisationID: String) async throws
    /// False when the organisation was not a member.
    func leaveCircularityGroup(_ group: String, organisationID: String) async throws -> Bool
    /// The members of `group`, sorted; empty when there is no such group.
    func circularityGroupMembers(_ group: String) async throws -> [String]
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
