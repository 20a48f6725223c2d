import JunkanCore
import JunkanStore

extension LogAudit {
    /// 1. Events: the stored hash is the hash of the stored JSON, and every index column and identifier row is what the
    /// stored JSON gives (a query, a trace or a passport reads the index, not the JSON).
    func auditEvents(_ audit: inout Progress) async throws {
        var after: Int64 = 0
        while true {
            let batch = try await store.auditEvents(after: after, limit: 5000)
            guard let last = batch.last else { break }
            after = last.row
            for e in batch {
                audit.report.events += 1
                audit.eventsByHash[e.eventHash] = e
                let json: JSONValue
                do {
                    json = try JSONParser.parse(Array(e.json.utf8))
                    let recomputed = try EventHash.Hasher(context: json.objectValue?["@context"]).hash(event: CaptureService.withoutContext(json))
                    if recomputed != e.eventHash { audit.flag("event \(e.eventID)", "stored JSON hashes to \(recomputed), the index says \(e.eventHash)") }
                } catch {
                    audit.flag("event \(e.eventID)", "stored JSON cannot be read: \(error)")
                    continue
                }
                Self.auditIndex(e, json: json, &audit)
            }
        }
    }

    /// The event's index columns and identifier rows against those derived from its stored JSON.
    static func auditIndex(_ e: AuditedEvent, json: JSONValue, _ audit: inout Progress) {
        let subject = "event \(e.eventID)"
        let object = json.objectValue
        let jsonEventID = object?["eventID"]?.stringValue
        let jsonRecordTime = object?["recordTime"]?.stringValue.flatMap(ISO8601Timestamp.parse)?.epochMilliseconds
        audit.jsonClaims[e.eventHash] = (jsonEventID, jsonRecordTime)
        if jsonEventID != e.eventID { audit.flag(subject, "stored JSON's eventID is \(jsonEventID ?? "missing"), the index says \(e.eventID)") }
        if jsonRecordTime != e.recordTime {
            audit.flag(
                subject,
                "stored JSON's recordTime is \(object?["recordTime"]?.stringValue ?? "missing"), the index says "
                    + ISO8601Timestamp.utcString(epochMilliseconds: e.recordTime))
        }
        let event: EPCISEvent
        do throws(EPCISValidationError) {
            event = try EPCISEventDecoder(context: object?["@context"]).decode(json, at: .root)
        } catch {
            audit.flag(subject, "stored JSON is not a valid EPCIS event: \(error)")
            return
        }
        guard event.eventID != nil else { return }  // flagged above: the index has an ID the JSON lacks
        let derived = CaptureService.indexed(event, eventHash: e.eventHash, organisationID: e.organisationID, recordTime: e.recordTime)
        let stored = e.record
        let columns: [(String, String?, String?)] = [
            ("type", stored.type, derived.type), ("event_time", String(stored.eventTime), String(derived.eventTime)),
            ("action", stored.action, derived.action), ("biz_step", stored.bizStep, derived.bizStep),
            ("disposition", stored.disposition, derived.disposition), ("read_point", stored.readPoint, derived.readPoint),
            ("biz_location", stored.bizLocation, derived.bizLocation), ("transformation_id", stored.transformationID, derived.transformationID)
        ]
        for (column, got, want) in columns where got != want {
            audit.flag(subject, "index column \(column) is \(got ?? "NULL"), its stored JSON gives \(want ?? "NULL")")
        }
        let want = Set(derived.identifiers)
        if Set(stored.identifiers) != want {
            audit.flag(subject, "index column identifiers " + difference(Set(stored.identifiers), want))
        }
        if Set(e.identifierRows) != want || e.identifierRows.count != want.count {
            audit.flag(subject, "identifier index rows " + difference(Set(e.identifierRows), want))
        }
    }

    /// What `got` has that `want` lacks and the reverse, in words.
    static func difference(_ got: Set<EventIdentifier>, _ want: Set<EventIdentifier>) -> String {
        func list(_ s: Set<EventIdentifier>) -> String { s.map { "\($0.role.rawValue) \($0.id)" }.sorted().joined(separator: ", ") }
        var parts: [String] = []
        if !got.subtracting(want).isEmpty { parts.append("name \(list(got.subtracting(want))), which its stored JSON does not") }
        if !want.subtracting(got).isEmpty { parts.append("lack \(list(want.subtracting(got))), which its stored JSON names") }
        return parts.isEmpty ? "repeat an identifier" : parts.joined(separator: "; ")
    }

    /// Identifier rows that point at no stored event: a query finds through them an event that does not exist.
    func auditOrphanIdentifiers(_ audit: inout Progress) async throws {
        for (row, id) in try await store.auditOrphanIdentifiers(limit: 100) {
            audit.flag("identifier index row", "\(id.role.rawValue) \(id.id) points at event row \(row), which is not stored")
        }
    }
}
