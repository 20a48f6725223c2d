import JunkanCore
public import JunkanStore

/// One circularity file from bytes to stored rows — UTF-8, parse, SHA-256 for the import log, store — for
/// `POST /circularity/import` and `junkan import circularity` alike. Nothing is stored unless every row reads. The rows
/// are `organisationID`'s and replace only its own.
public enum CircularityImporter {
    public static func importFile(
        _ bytes: [UInt8], fileName: String?, store: some CircularityStore, organisationID: String, by: String,
        at time: Int64
    ) async throws -> CircularityImportSummary {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let name = fileName ?? "(body)"
            throw CircularityImportError(file: name, errors: [.init(file: name, line: 1, reason: "the file is not UTF-8 text")])
        }
        let (kind, records) = try CircularityImport.parse(text: text, fileName: fileName)
        return try await store.importCircularity(
            kind, records: records, organisationID: organisationID, sha256: TokenHash.sha256Hex(bytes), importedBy: by, at: time)
    }
}
