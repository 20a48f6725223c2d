import Foundation
import Testing

@testable import JunkanNode

/// libxml2 2.9's schema parser is not safe on two threads at once, and it built its built-in types lazily in the
/// first parse, unlocked. On CI two suites parsed two of the four EPCIS schemas at the same moment; one failed with
/// "CorrelationInformation … not validly derived from its type definition anyType" and a later test aborted in
/// `free`. Junkan now builds the built-in types once before any parse and parses one schema at a time: many parses at
/// once must each give a schema that validates.
@Suite struct XMLSchemaConcurrencyTests {
    @Test func schemasParsedOnManyThreadsAtOnceAreAllWhole() async throws {
        let folder = try #require(EPCISXMLSchemas.folder)
        let schemas = [
            "EPCIS-2.0/EPCglobal-epcis-2_0.xsd", "EPCIS-1.2/EPCglobal-epcis-1_2.xsd",
            "EPCIS-2.0/EPCglobal-epcis-query-2_0.xsd", "EPCIS-2.0/EPCglobal-epcis-masterdata-2_0.xsd"
        ]
        let failures = try await withThrowingTaskGroup(of: String?.self) { group in
            for round in 0..<16 {
                let path = schemas[round % schemas.count]
                group.addTask {
                    do {
                        _ = try XMLSchema(url: folder.appendingPathComponent(path))
                        return nil
                    } catch { return "\(path): \(error)" }
                }
            }
            var failures: [String] = []
            for try await failure in group { if let failure { failures.append(failure) } }
            return failures
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
