/// One list of standard values of the EPCIS JSON-LD context (bizStep, disposition, …): bare word → CURIE, and back.
public struct CBVTerms: Sendable {
    /// `shipping` → `cbv:BizStep-shipping`.
    let compact: [String: String]
    /// `cbv:BizStep-shipping` → `shipping`.
    let word: [String: String]

    init(_ compact: [String: String]) {
        self.compact = compact
        word = Dictionary(compact.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }

    /// The prefixes of the standard values' CURIEs, and the IRIs they stand for.
    static let standardPrefixes = [("cbv", "https://ref.gs1.org/cbv/"), ("gs1", "https://gs1.org/voc/")]

    static let bizStep = CBVTerms(EPCISContextVocabulary.bizStep)
    static let disposition = CBVTerms(EPCISContextVocabulary.disposition)
    static let bizTransactionType = CBVTerms(EPCISContextVocabulary.bizTransactionType)
    static let sourceDestinationType = CBVTerms(EPCISContextVocabulary.sourceDestinationType)
    static let errorReason = CBVTerms(EPCISContextVocabulary.errorReason)
    static let measurementType = CBVTerms(EPCISContextVocabulary.measurementType)
    static let sensorException = CBVTerms(EPCISContextVocabulary.sensorException)
    static let component = CBVTerms(EPCISContextVocabulary.component)
}
