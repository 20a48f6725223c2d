/// JSON-LD lets EPCIS values be written bare ("shipping" for cbv:BizStep-shipping, "Temperature" for
/// gs1:Temperature). The reference expands the document with JSON-LD and then replaces every string
/// whose expanded form ends in "-value" or "/value" (when exactly one does). We compute the same
/// expansion from the EPCIS context's vocabulary tables instead of running a JSON-LD processor.
///
/// One deliberate difference: the set of expanded values comes from the event itself, not from the
/// whole document, so an event's hash never depends on which other events were sent with it (the
/// capture idempotency rule needs that). On every fixture the two agree.
struct BareValueExpansion {
    let prefixes: [String: String]

    let prefixStarts: PrefixFirstBytes

    init(documentContext: JSONValue?) {
        var p = EPCISContextVocabulary.prefixes
        if case .array(let entries)? = documentContext {
            for case .object(let o) in entries {
                for (k, v) in o { if case .string(let iri) = v { p[k] = iri } }
            }
        } else if case .object(let o)? = documentContext {
            for (k, v) in o { if case .string(let iri) = v { p[k] = iri } }
        }
        prefixes = p
        prefixStarts = PrefixFirstBytes(p.keys)
        // Each table's terms are expanded once, not once per value. Only a document that redefines a prefix the terms
        // use needs its own expansion (a hasher is made per stored event when the log is audited, so this stays rare).
        tables = Tables.termPrefixes.allSatisfy({ p[$0] == EPCISContextVocabulary.prefixes[$0] }) ? Tables.standard : Tables(prefixes: p)
    }

    /// The EPCIS context's vocabulary tables with their terms expanded: bare value → IRI.
    struct Tables: Sendable {
        let bizStep, disposition, persistentDisposition, bizTransactionType, sourceDestinationType: [String: String]
        let measurementType, sensorException, component, errorReason: [String: String]

        /// The prefixes the tables' terms are written with (`cbv` of `cbv:BizStep-shipping`).
        static let termPrefixes = Set(
            Tables(expanding: { $0 }).all.flatMap(\.values).compactMap { term in
                term.firstIndex(of: ":").map { String(term[..<$0]) }
            })

        /// Expanded with the EPCIS context's own prefixes.
        static let standard = Tables(prefixes: EPCISContextVocabulary.prefixes)

        init(prefixes: [String: String]) {
            let starts = PrefixFirstBytes(prefixes.keys)
            self.init(expanding: { BareValueExpansion.expandCURIE($0, prefixes: prefixes, prefixStarts: starts) })
        }

        /// The context's tables, each term passed through `expand`.
        private init(expanding expand: (String) -> String) {
            func e(_ table: [String: String]) -> [String: String] { table.mapValues(expand) }
            bizStep = e(EPCISContextVocabulary.bizStep)
            disposition = e(EPCISContextVocabulary.disposition)
            persistentDisposition = e(EPCISContextVocabulary.persistentDisposition)
            bizTransactionType = e(EPCISContextVocabulary.bizTransactionType)
            sourceDestinationType = e(EPCISContextVocabulary.sourceDestinationType)
            measurementType = e(EPCISContextVocabulary.measurementType)
            sensorException = e(EPCISContextVocabulary.sensorException)
            component = e(EPCISContextVocabulary.component)
            errorReason = e(EPCISContextVocabulary.errorReason)
        }

        private var all: [[String: String]] {
            [
                bizStep, disposition, persistentDisposition, bizTransactionType, sourceDestinationType, measurementType, sensorException,
                component, errorReason
            ]
        }
    }

    let tables: Tables

    /// Properties whose values JSON-LD reads as IRIs ("@type": "@id" in the EPCIS context).
    static let iriProperties: Set<String> = [
        "id", "epcList", "parentID", "childEPCs", "inputEPCList", "outputEPCList", "epcClass", "transformationID",
        "certificationInfo", "bizTransaction", "source", "destination", "deviceID", "deviceMetadata", "rawData",
        "dataProcessingMethod", "bizRules", "coordinateReferenceSystem", "microorganism", "chemicalSubstance",
        "uriValue", "correctiveEventIDs", "eventID", "readPoint", "bizLocation", "member", "children"
    ]

    /// The expanded table that reads a bare value of `key` inside `container`, if any.
    func vocabulary(key: String, container: String?) -> [String: String]? {
        switch key {
        case "bizStep": tables.bizStep
        case "disposition": tables.disposition
        case "set", "unset": container == "persistentDisposition" ? tables.persistentDisposition : nil
        case "type":
            switch container {
            case "bizTransactionList": tables.bizTransactionType
            case "sourceList", "destinationList": tables.sourceDestinationType
            case "sensorReport": tables.measurementType
            default: nil
            }
        case "exception": container == "sensorReport" ? tables.sensorException : nil
        case "component": container == "sensorReport" ? tables.component : nil
        case "reason": container == "errorDeclaration" ? tables.errorReason : nil
        default: nil
        }
    }

    func expandCURIE(_ value: String) -> String {
        Self.expandCURIE(value, prefixes: prefixes, prefixStarts: prefixStarts)
    }

    static func expandCURIE(_ value: String, prefixes: [String: String], prefixStarts: PrefixFirstBytes) -> String {
        let u = value.utf8
        guard let colon = u.firstIndex(of: UInt8(ascii: ":")) else { return value }
        if Self.isAuthority(u[u.index(after: colon)...]) { return value }
        if !prefixStarts.mayStart(value) { return value }
        guard let iri = prefixes[String(value[..<colon])] else { return value }
        return iri + value[value.index(after: colon)...]
    }

    /// "//" follows the colon: an IRI with an authority, not a CURIE.
    static func isAuthority(_ rest: Substring.UTF8View) -> Bool {
        rest.starts(with: "//".utf8)
    }

    static func isWebVocabulary(_ s: String) -> Bool {
        s.hasBytePrefix("https://ref.gs1.org/cbv") || s.hasBytePrefix("https://gs1.org/voc")
    }

    /// The expanded CBV/GS1 vocabulary values found in an event, each once.
    func expandedValues(of event: JSONValue) -> [String] {
        var found = Distinct()
        collect(event, key: nil, container: nil, into: &found)
        return found.values
    }

    /// Distinct strings in the order found. An event has a handful, which are compared directly (a set's hashing
    /// and storage cost more); past 16 a set takes over, so an event with thousands of values stays linear.
    struct Distinct {
        private(set) var values: [String] = []
        private var index: Set<String>?

        mutating func insert(_ s: String) {
            if index != nil {
                if index!.insert(s).inserted { values.append(s) }
                return
            }
            if values.contains(s) { return }
            values.append(s)
            if values.count == 16 { index = Set(values) }
        }
    }

    private func collect(_ value: JSONValue, key: String?, container: String?, into found: inout Distinct) {
        switch value {
        case .string(let s):
            let expanded: String?
            if let key, let table = vocabulary(key: key, container: container) {
                let e = table[s] ?? expandCURIE(s)
                expanded = Self.isWebVocabulary(e) ? e : nil
            } else {
                expanded = webVocabularyIRI(s, key: key)
            }
            if let expanded { found.insert(expanded) }
        case .array(let elements):
            for e in elements { collect(e, key: key, container: container, into: &found) }
        case .object(let o):
            for (k, v) in o { collect(v, key: k, container: key, into: &found) }
        default: break
        }
    }

    /// A string outside the vocabulary tables as JSON-LD reads it under `key`, when that is a web-vocabulary IRI.
    /// Only an IRI or a CURIE can be one: an IRI (`scheme://…`) as it is, a CURIE only under a property whose values
    /// are IRIs and with a declared prefix. Anything else (a timestamp, a URN, plain text) is answered from its
    /// first bytes, without expanding it.
    func webVocabularyIRI(_ s: String, key: String?) -> String? {
        // Web-vocabulary IRIs start with https://, and such a string is its own expansion.
        if s.hasBytePrefix("https://") { return Self.isWebVocabulary(s) ? s : nil }
        // Anything else can only expand to one as a CURIE: with a declared prefix, under a property whose values are
        // IRIs. (Another `scheme://…` IRI, or a word without a colon, is its own expansion and not a web-vocabulary IRI.)
        guard prefixStarts.mayStart(s), let key, Self.iriProperties.contains(key) else { return nil }
        let expanded = expandCURIE(s)
        return Self.isWebVocabulary(expanded) ? expanded : nil
    }
}
