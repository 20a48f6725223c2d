import JunkanCore
import JunkanNode
import JunkanStore

/// EPCIS 2.0 SimpleEventQuery parameters (§8.2.7.1) → `EventQuery`: from a request's query string (pipe-delimited
/// lists) or from a named query's JSON body. Unknown parameters and bad values are QueryParameterExceptions naming the
/// parameter; none is ever ignored.
enum EventQueryParameters {
    static let maxPerPage = 10_000

    static let matchRoles: [String: [EPCISEvent.IdentifierRole]] = [
        "MATCH_epc": [.epc, .child],
        "MATCH_parentID": [.parent],
        "MATCH_inputEPC": [.input],
        "MATCH_outputEPC": [.output],
        "MATCH_anyEPC": [.epc, .parent, .child, .input, .output],
        "MATCH_epcClass": [.epcClass, .childClass],
        "MATCH_inputEPCClass": [.inputClass],
        "MATCH_outputEPCClass": [.outputClass],
        "MATCH_anyEPCClass": [.epcClass, .childClass, .inputClass, .outputClass]
    ]

    /// A request's query string: each value a `|`-separated list.
    static func parse(_ params: [(String, String)]) throws(Problem) -> EventQuery { try parse(lists(params), prefixes: nil) }

    /// Each value of a query string as the list it writes.
    static func lists(_ params: [(String, String)]) -> [(String, [String])] {
        params.map { name, raw in
            // EXISTS_ parameters are present or not: their value, if any, says nothing.
            (name, name.hasPrefix("EXISTS_") ? [] : raw.split(separator: "|", omittingEmptySubsequences: false).map(String.init))
        }
    }

    /// Parameters as lists of values. `prefixes`: the namespaces a named query's `@context` declares, which extension
    /// field names (`EQ_ex:f`) expand with; without them an event's field matches by the same prefix and name.
    static func parse(_ params: [(String, [String])], prefixes: JSONLDPrefixes?) throws(Problem) -> EventQuery {
        var q = EventQuery()
        for (name, values) in params {
            if values.contains(where: \.isEmpty) { throw .queryParameter("parameter \(name) has an empty value") }
            if !name.hasPrefix("EXISTS_"), values.isEmpty { throw .queryParameter("parameter \(name) has no value") }
            let raw = values.joined(separator: "|")
            switch name {
            case "eventType":
                for v in values where EPCISEvent.EventType(rawValue: v) == nil {
                    throw .queryParameter("eventType \"\(v)\" is not one of " + EPCISEvent.EventType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                q.eventTypes += values
            case "GE_eventTime": q.eventTimeFrom = try time(name, raw)
            case "LT_eventTime": q.eventTimeTo = try time(name, raw)
            case "GE_recordTime": q.recordTimeFrom = try time(name, raw)
            case "LT_recordTime": q.recordTimeTo = try time(name, raw)
            case "EQ_action":
                for v in values where EPCISEvent.Action(rawValue: v) == nil { throw .queryParameter("EQ_action \"\(v)\" is not ADD, OBSERVE or DELETE") }
                q.actions += values
            case "EQ_bizStep": q.bizSteps += values.map(CBVCanonical.bizStep)
            case "EQ_disposition": q.dispositions += values.map(CBVCanonical.disposition)
            case "EQ_readPoint", "EQ_bizLocation":
                for v in values { try IdentifierParameter.check(name, v) }
                q.addLocationFilter(readPoint: name.hasSuffix("readPoint"), values.map(CBVCanonical.identifier))
            case "WD_readPoint", "WD_bizLocation":
                // The hierarchy is the master data's when the query runs (`MasterDataStore.resolvingMasterData`).
                for v in values { try IdentifierParameter.check(name, v) }
                let field: MasterDataFilter.Field = name.hasSuffix("readPoint") ? .readPoint : .bizLocation
                q.masterDataFilters.append(.within(field, ids: values.map(CBVCanonical.identifier)))
            case "EQ_eventID": q.eventIDs += values
            case "EQ_transformationID": q.transformationIDs += values
            case "orderBy":
                guard let f = EventQuery.OrderField(rawValue: raw) else { throw .queryParameter("orderBy must be eventTime or recordTime, not \"\(raw)\"") }
                q.orderBy = f
            case "orderDirection":
                guard let d = EventQuery.Direction(rawValue: raw) else { throw .queryParameter("orderDirection must be ASC or DESC, not \"\(raw)\"") }
                q.direction = d
            case "perPage":
                guard let n = Int(raw), n >= 1, n <= maxPerPage else { throw .queryParameter("perPage must be a whole number from 1 to \(maxPerPage)") }
                q.perPage = n
            case "nextPageToken":
                guard let c = PageCursor(token: raw) else { throw .queryParameter("nextPageToken \"\(raw)\" was not issued by this server") }
                q.after = c
            case "eventCountLimit", "maxEventCount":
                guard let n = Int(raw), n >= 1 else { throw .queryParameter("\(name) must be a whole number of at least 1, not \"\(raw)\"") }
                if name == "eventCountLimit" { q.countLimit = n } else { q.maxCount = n }
            default:
                if let roles = matchRoles[name] {
                    for v in values { try IdentifierParameter.check(name, v) }
                    let classes = name.hasSuffix("Class")
                    q.identifierMatches.append(
                        (
                            roles,
                            values.map { v in
                                let p = CBVCanonical.identifierPattern(v)
                                return EventQuery.IdentifierMatch(value: p.value, isPrefix: classes ? p.isPrefix : v.hasPrefix("urn:epc:idpat:") && p.isPrefix)
                            }
                        ))
                } else if let filter = try masterDataFilter(name, values, prefixes: prefixes) {
                    q.masterDataFilters.append(filter)
                } else if let predicate = try predicate(name, values, prefixes: prefixes) {
                    q.predicates.append(predicate)
                } else {
                    throw .queryParameter("unknown or unsupported query parameter \"\(name)\"")
                }
            }
        }
        // EPCIS 2.0 §8.2.7.1: "It is an error to specify both eventCountLimit and maxEventCount".
        if q.countLimit != nil, q.maxCount != nil { throw .queryParameter("eventCountLimit and maxEventCount cannot both be given") }
        return q
    }

    static func time(_ name: String, _ raw: String) throws(Problem) -> Int64 {
        guard let t = ISO8601Timestamp.parse(raw), t.offsetSeconds != nil else {
            throw .queryParameter("\(name) must be a date-time with a time zone, e.g. 2024-01-01T00:00:00Z; found \"\(raw)\"")
        }
        return t.epochMilliseconds
    }
}
