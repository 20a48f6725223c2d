/// Canonical forms used to index and query events, so that a partner may write a value in any of
/// its standard spellings and still find it: GS1 keys as canonical Digital Links, CBV values as
/// their web-vocabulary URIs.
public enum CBVCanonical {
    /// A GS1 identifier (EPC URI or Digital Link) as its canonical Digital Link; anything else as is.
    public static func identifier(_ s: String) -> String {
        guard let canonical = try? CanonicalIdentifierCache.shared.canonical(s) else { return s }
        return canonical ?? s
    }

    /// An identifier used as a query pattern: an EPC class or a GTIN-level pattern matches the
    /// identifiers below it. Returns the canonical value and whether it is such a prefix.
    public static func identifierPattern(_ s: String) -> (value: String, isPrefix: Bool) {
        guard let dl = try? GS1Identifier.digitalLink(from: s) else { return (s, false) }
        // A key without serial (GTIN, or GTIN + lot) is a class: it covers its instances.
        let isClass = dl.primaryKey.ai == "01" && dl.qualifier("21") == nil && dl.qualifier("235") == nil
        return (dl.canonicalURI, isClass)
    }

    public static func bizStep(_ s: String) -> String {
        vocabulary(s, table: EPCISContextVocabulary.bizStep, urn: "urn:epcglobal:cbv:bizstep:", web: "BizStep-")
    }
    public static func disposition(_ s: String) -> String {
        vocabulary(s, table: EPCISContextVocabulary.disposition, urn: "urn:epcglobal:cbv:disp:", web: "Disp-")
    }

    public static func bizTransactionType(_ s: String) -> String {
        vocabulary(s, table: EPCISContextVocabulary.bizTransactionType, urn: "urn:epcglobal:cbv:btt:", web: "BTT-")
    }
    public static func sourceDestinationType(_ s: String) -> String {
        vocabulary(s, table: EPCISContextVocabulary.sourceDestinationType, urn: "urn:epcglobal:cbv:sdt:", web: "SDT-")
    }
    public static func errorReason(_ s: String) -> String {
        vocabulary(s, table: EPCISContextVocabulary.errorReason, urn: "urn:epcglobal:cbv:er:", web: "ER-")
    }
    /// A sensor report's measurement type (a bare GS1 Web Vocabulary term, `gs1:` CURIE or its URI) as its URI.
    public static func measurementType(_ s: String) -> String {
        if EPCISContextVocabulary.measurementType[s] != nil { return "https://gs1.org/voc/" + s }
        if s.hasPrefix("gs1:") { return "https://gs1.org/voc/" + s.dropFirst(4) }
        return s
    }

    static func vocabulary(_ s: String, table: [String: String], urn: String, web: String) -> String {
        if let curie = table[s] { return "https://ref.gs1.org/cbv/" + curie.dropFirst("cbv:".count) }
        if s.hasPrefix(urn) { return "https://ref.gs1.org/cbv/" + web + s.dropFirst(urn.count) }
        if s.hasPrefix("cbv:") { return "https://ref.gs1.org/cbv/" + s.dropFirst(4) }
        return s
    }
}
