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
    }

    /// Properties whose values JSON-LD reads as IRIs ("@type": "@id" in the EPCIS context).
    static let iriProperties: Set<String> = [
        "id", "epcList", "parentID", "childEPCs", "inputEPCList", "outputEPCList", "epcClass", "transformationID",
        "certificationInfo", "bizTransaction", "source", "destination", "deviceID", "deviceMetadata", "rawData",
        "dataProcessingMethod", "bizRules", "coordinateReferenceSystem", "microorganism", "chemicalSubstance",
        "uriValue", "correctiveEventIDs", "eventID", "readPoint", "bizLocation", "member", "children",
    ]

    func vocabulary(key: String, container: String?) -> [String: String]? {
        switch key {
        case "bizStep": EPCISContextVocabulary.bizStep
        case "disposition": EPCISContextVocabulary.disposition
        case "set", "unset": container == "persistentDisposition" ? EPCISContextVocabulary.persistentDisposition : nil
        case "type":
            switch container {
            case "bizTransactionList": EPCISContextVocabulary.bizTransactionType
            case "sourceList", "destinationList": EPCISContextVocabulary.sourceDestinationType
            case "sensorReport": EPCISContextVocabulary.measurementType
            default: nil
            }
        case "exception": container == "sensorReport" ? EPCISContextVocabulary.sensorException : nil
        case "component": container == "sensorReport" ? EPCISContextVocabulary.component : nil
        case "reason": container == "errorDeclaration" ? EPCISContextVocabulary.errorReason : nil
        default: nil
        }
    }

    func expandCURIE(_ value: String) -> String {
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

    /// The expanded CBV/GS1 vocabulary values found in an event.
    func expandedValues(of event: JSONValue) -> Set<String> {
        var found = Set<String>()
        collect(event, key: nil, container: nil, into: &found)
        return found
    }

    private func collect(_ value: JSONValue, key: String?, container: String?, into found: inout Set<String>) {
        switch value {
        case .string(let s):
            if let key, let table = vocabulary(key: key, container: container) {
                let expanded = table[s].map(expandCURIE) ?? expandCURIE(s)
                if Self.isWebVocabulary(expanded) { found.insert(expanded) }
            } else if s.containsByte(UInt8(ascii: ":")) {
                // Without a vocabulary table only a CURIE or an IRI can be (or expand to) a web vocabulary IRI.
                let expanded = if let key, Self.iriProperties.contains(key) { expandCURIE(s) } else { s }
                if Self.isWebVocabulary(expanded) { found.insert(expanded) }
            }
        case .array(let elements):
            for e in elements { collect(e, key: key, container: container, into: &found) }
        case .object(let o):
            for (k, v) in o { collect(v, key: k, container: key, into: &found) }
        default: break
        }
    }
}

/// The one expanded value a bare string stands for: the value that ends in "-string" or "/string",
/// when exactly one of the event's expanded values does. An event has a handful of expanded values, so
/// each string is compared with their endings directly; a large set is indexed by ending first.
struct BareValueReplacement {
    private let values: [String]
    /// Ending → expanded value, for large sets; nil when two expanded values share the ending.
    private var byEnding: [String: String?] = [:]
    private let indexed: Bool

    init(_ expanded: Set<String>, indexedFrom: Int = 8) {
        values = Array(expanded)
        indexed = values.count >= indexedFrom
        guard indexed else { return }
        for x in values {
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
        if values.isEmpty { return s }
        if indexed {
            guard let hit = byEnding[s], let x = hit else { return s }
            return x
        }
        var match: String?
        for x in values where Self.ends(x, with: s) {
            if match != nil { return s }  // two values end so: the reference replaces nothing
            match = x
        }
        return match ?? s
    }

    /// `x` is "…-s" or "…/s".
    static func ends(_ x: String, with s: String) -> Bool {
        let xs = x.utf8, ss = s.utf8
        guard xs.count > ss.count else { return false }
        let start = xs.index(xs.endIndex, offsetBy: -ss.count)
        let before = xs[xs.index(before: start)]
        return (before == UInt8(ascii: "-") || before == UInt8(ascii: "/")) && xs[start...].elementsEqual(ss)
    }
}
