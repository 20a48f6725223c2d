import Crypto
public import JunkanCore
public import JunkanStore

/// One circularity file from bytes to stored rows — UTF-8, parse, SHA-256 for the import log, store — for
/// `POST /circularity/import` and `junkan import circularity` alike. Nothing is stored unless every row reads. The rows
/// are `organisationID`'s and replace only its own.
public enum CircularityImporter {
    public static func importFile(
        _ bytes: [UInt8], fileName: String?, store: some CircularityStore, organisationID: String, by: String,
        at time: Int64
    ) async throws -> CircularityImportSummary {
        var session = CircularityImportSession(fileName: fileName)
        try session.feed(bytes)
        return try await session.store(into: store, organisationID: organisationID, by: by, at: time)
    }
}

/// A file read as it arrives (the route feeds it its body piece by piece): what it holds is the typed rows read so far
/// and the running SHA-256, never the text (issue 25, item 4).
public struct CircularityImportSession: Sendable {
    private var reader: CircularityImportReader
    private var digest = SHA256()
    public private(set) var byteCount = 0

    public init(fileName: String?) { reader = CircularityImportReader(fileName: fileName) }

    /// Reads the next piece; a malformed file or a wrong header is thrown at once (row errors come with `store`).
    public mutating func feed(_ bytes: some Collection<UInt8>) throws(CircularityImportError) {
        byteCount += bytes.count
        digest.update(data: Array(bytes))
        try reader.feed(bytes)
    }

    /// The end of the file: every row checked, then stored in one transaction (or, with any bad row, nothing).
    public mutating func store(
        into store: some CircularityStore, organisationID: String, by: String, at time: Int64
    ) async throws -> CircularityImportSummary {
        let (kind, records) = try reader.finish()
        let sha256 = Hex.encode(Array(digest.finalize()))
        return try await store.importCircularity(kind, records: records, organisationID: organisationID, sha256: sha256, importedBy: by, at: time)
    }
}
