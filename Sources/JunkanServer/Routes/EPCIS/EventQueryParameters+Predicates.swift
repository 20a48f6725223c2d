import JunkanCore
import JunkanStore

/// The SimpleEventQuery parameters that become `EventPredicate`s: those named by a family pattern (`EQ_bizTransaction_po`,
/// `GT_ILMD_ex:temperature`, `GE_value_CEL`) and the rest of the fixed names the index columns cannot answer.
extension EventQueryParameters {
    static let comparisons: Set<String> = ["EQ", "GT", "GE", "LT", "LE"]
    /// Where an extension field is looked for, by the word after the comparison (and `INNER_`).
    static let places: [(word: String, place: ExtensionField.Place)] = [
        ("ILMD_", .ilmd), ("ERROR_DECLARATION_", .errorDeclaration), ("SENSORELEMENT_", .sensorElement),
        ("SENSORMETADATA_", .sensorMetadata), ("SENSORREPORT_", .sensorReport), ("readPoint_", .readPoint),
        ("bizLocation_", .bizLocation)
    ]

    /// The predicate of a parameter, nil when the name is not a SimpleEventQuery parameter.
    static func predicate(_ name: String, _ values: [String], prefixes: JSONLDPrefixes?) throws(Problem) -> EventPredicate? {
        switch name {
        case "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset":
            return .persistentDisposition(set: name.hasSuffix("_set"), anyOf: Set(values.map(CBVCanonical.disposition)))
        case "EXISTS_errorDeclaration": return .errorDeclarationExists
        case "GE_errorDeclarationTime", "LT_errorDeclarationTime", "GE_errorDeclaration_Time", "LT_errorDeclaration_Time":
            _ = try time(name, try single(name, values))
            return .errorDeclarationTime(Comparison(prefix: String(name.prefix(2)), values: values)!)
        case "EQ_errorReason": return .errorReason(anyOf: Set(values.map(CBVCanonical.errorReason)))
        case "EQ_correctiveEventID": return .correctiveEventID(anyOf: Set(values))
        case "EXISTS_sensorElementList": return .sensorElementExists
        default: break
        }
        guard let underscore = name.firstIndex(of: "_") else { return nil }
        let op = String(name[..<underscore])
        let rest = String(name[name.index(after: underscore)...])
        if op == "EQ", let p = try typed(rest, values) { return p }
        if comparisons.contains(op) || op == "EXISTS", let p = try numericOrSensor(op, rest, values) { return p }
        guard comparisons.contains(op) || op == "EXISTS" else { return nil }
        return try field(name, op: op, rest, values, prefixes: prefixes)
    }

    /// `EQ_bizTransaction_{type}`, `EQ_source_{type}`, `EQ_destination_{type}`: the type is in the name, the values are
    /// the transactions' or parties' identifiers.
    static func typed(_ rest: String, _ values: [String]) throws(Problem) -> EventPredicate? {
        for kind in ["bizTransaction_", "source_", "destination_"] where rest.hasPrefix(kind) {
            let type = String(rest.dropFirst(kind.count))
            guard !type.isEmpty, !type.contains(":") else { return nil }
            let ids = Set(values.map(CBVCanonical.identifier))
            switch kind {
            case "bizTransaction_": return .bizTransaction(type: CBVCanonical.bizTransactionType(type), anyOf: ids)
            case "source_": return .source(type: CBVCanonical.sourceDestinationType(type), anyOf: ids)
            default: return .destination(type: CBVCanonical.sourceDestinationType(type), anyOf: ids)
            }
        }
        return nil
    }

    /// Quantities (`GT_quantity`, `EQ_quantity_KGM`) and the sensor fields (`EQ_deviceID`, `GE_time`, `LT_value_CEL`).
    static func numericOrSensor(_ op: String, _ rest: String, _ values: [String]) throws(Problem) -> EventPredicate? {
        let name = op + "_" + rest
        guard op != "EXISTS" else { return nil }
        if rest == "quantity" || rest.hasPrefix("quantity_") {
            let uom = rest == "quantity" ? nil : String(rest.dropFirst("quantity_".count))
            if let uom, !isUnit(uom) { return nil }
            try numbers(name, op, values)
            return .quantity(uom: uom, Comparison(prefix: op, values: values)!)
        }
        if let underscore = rest.firstIndex(of: "_") {
            let measure = String(rest[..<underscore])
            let uom = String(rest[rest.index(after: underscore)...])
            guard SensorField.measures.contains(measure), isUnit(uom) else { return nil }
            try numbers(name, op, values)
            return .sensor(.measure(measure, uom: uom), Comparison(prefix: op, values: values)!)
        }
        guard let field = SensorField(name: rest) else { return nil }
        switch field {
        case .time, .startTime, .endTime:
            guard op == "GE" || op == "LT" else { return nil }
            _ = try time(name, try single(name, values))
        case .percRank:
            guard op != "EQ" else { return nil }
            try numbers(name, op, values)
        case .booleanValue:
            guard op == "EQ" else { return nil }
            guard values.count == 1, values[0] == "true" || values[0] == "false" else { throw .queryParameter("\(name) must be true or false") }
        default:
            guard op == "EQ" else { return nil }
        }
        return .sensor(field, Comparison(prefix: op, values: values)!)
    }

    /// Extension fields: `{EQ|GT|GE|LT|LE|EXISTS}_[INNER_][ILMD_|ERROR_DECLARATION_|SENSOR…_|readPoint_|bizLocation_]{prefix:name}`.
    static func field(_ name: String, op: String, _ rest: String, _ values: [String], prefixes: JSONLDPrefixes?) throws(Problem) -> EventPredicate? {
        var rest = Substring(rest)
        let inner = rest.hasPrefix("INNER_")
        if inner { rest = rest.dropFirst("INNER_".count) }
        var place = ExtensionField.Place.event
        if let p = places.first(where: { rest.hasPrefix($0.word) }) {
            place = p.place
            rest = rest.dropFirst(p.word.count)
        }
        guard isCURIE(rest) else { return nil }
        if (place == .readPoint || place == .bizLocation) && op != "EQ" { return nil }
        let f = ExtensionField(place: place, inner: inner, name: String(rest), iri: prefixes?.expand(String(rest)))
        if op == "EXISTS" { return .field(f, nil) }
        if op != "EQ" {
            let v = try single(name, values)
            let q = QueryValue(v)
            guard q.number != nil || q.time != nil else {
                throw .queryParameter("\(name) compares numbers or date-times; \"\(v)\" is neither")
            }
        }
        return .field(f, Comparison(prefix: op, values: values)!)
    }

    /// `prefix:name`, as the query schema's patterns have it (`[a-z][a-zA-Z0-9]*:\w+`).
    static func isCURIE(_ s: Substring) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let prefix = s[..<colon]
        let local = s[s.index(after: colon)...]
        guard let first = prefix.first, first.isASCII, first.isLowercase else { return false }
        return prefix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && !local.isEmpty && local.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// A UN/CEFACT Rec 20 unit code as the query schema has it (`[A-Z0-9]{2,4}`).
    static func isUnit(_ s: String) -> Bool {
        (2...4).contains(s.count) && s.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    static func single(_ name: String, _ values: [String]) throws(Problem) -> String {
        guard values.count == 1 else { throw .queryParameter("\(name) takes one value, not a list") }
        return values[0]
    }

    static func numbers(_ name: String, _ op: String, _ values: [String]) throws(Problem) {
        if op != "EQ" { _ = try single(name, values) }
        for v in values where QueryValue(v).number == nil { throw .queryParameter("\(name) takes a number, not \"\(v)\"") }
    }
}
