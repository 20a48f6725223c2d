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
    }

    /// Properties whose values JSON-LD reads as IRIs ("@type": "@id" in the EPCIS context).
    static let iriProperties: Set<String> = [
        "id", "epcList", "parentID", "childEPCs", "inputEPCList", "outputEPCList", "epcClass", "transformationID",
        "certificationInfo", "bizTransaction", "source", "destination", "deviceID", "deviceMetadata", "rawData",
        "dataProcessingMethod", "bizRules", "coordinateReferenceSystem", "microorganism", "chemicalSubstance",
        "uriValue", "correctiveEventIDs", "eventID", "readPoint", "bizLocation", "member", "children",
    ]

    func vocabulary(key: String, container: String?) -> [String: String]? {
        switch (key, container) {
        case ("bizStep", _): EPCISContextVocabulary.bizStep
        case ("disposition", _): EPCISContextVocabulary.disposition
        case ("set", "persistentDisposition"), ("unset", "persistentDisposition"): EPCISContextVocabulary.persistentDisposition
        case ("type", "bizTransactionList"): EPCISContextVocabulary.bizTransactionType
        case ("type", "sourceList"), ("type", "destinationList"): EPCISContextVocabulary.sourceDestinationType
        case ("type", "sensorReport"): EPCISContextVocabulary.measurementType
        case ("exception", "sensorReport"): EPCISContextVocabulary.sensorException
        case ("component", "sensorReport"): EPCISContextVocabulary.component
        case ("reason", "errorDeclaration"): EPCISContextVocabulary.errorReason
        default: nil
        }
    }

    func expandCURIE(_ value: String) -> String {
        guard let colon = value.utf8.firstIndex(of: UInt8(ascii: ":")) else { return value }
        let rest = value[value.index(after: colon)...]
        if rest.hasPrefix("//") { return value }
        guard let iri = prefixes[String(value[..<colon])] else { return value }
        return iri + rest
    }

    static func isWebVocabulary(_ s: String) -> Bool {
        s.hasPrefix("https://ref.gs1.org/cbv") || s.hasPrefix("https://gs1.org/voc")
    }

    /// The expanded CBV/GS1 vocabulary values found in an event.
    func expandedValues(of event: JSONValue) -> Set<String> {
        var found = Set<String>()
        collect(event, key: nil, container: nil, into: &found)
        return found
    }

    private func collect(_ value: JSONValue, key: String?, container: String?, into found: inout Set<String>) {
        switch value {
        case .string(let s):
            var expanded = s
            if let key, let table = vocabulary(key: key, container: container) {
                expanded = table[s].map(expandCURIE) ?? expandCURIE(s)
            } else if let key, Self.iriProperties.contains(key) {
                expanded = expandCURIE(s)
            }
            if Self.isWebVocabulary(expanded) { found.insert(expanded) }
        case .array(let elements):
            for e in elements { collect(e, key: key, container: container, into: &found) }
        case .object(let o):
            for (k, v) in o { collect(v, key: k, container: key, into: &found) }
        default: break
        }
    }
}

/// The one expanded value a bare string stands for: the value that ends in "-string" or "/string",
/// when exactly one of the event's expanded values does. Built once per event as a table from every
/// such ending to its value, so each string of the event costs one lookup rather than a suffix test
/// against every expanded value.
struct BareValueReplacement {
    /// Ending → expanded value; nil when two expanded values share the ending (then nothing is replaced).
    private var byEnding: [String: String?] = [:]

    init(_ expanded: Set<String>) {
        for x in expanded {
            var i = x.utf8.startIndex
            while i < x.utf8.endIndex {
                let c = x.utf8[i]
                i = x.utf8.index(after: i)
                guard c == UInt8(ascii: "-") || c == UInt8(ascii: "/") else { continue }
                let ending = String(x[i...])
                if let existing = byEnding[ending] {
                    if existing != x { byEnding[ending] = .some(nil) }
                } else {
                    byEnding[ending] = x
                }
            }
        }
    }

    func callAsFunction(_ s: String) -> String {
        guard !byEnding.isEmpty, let hit = byEnding[s], let x = hit else { return s }
        return x
    }
}
