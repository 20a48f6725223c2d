extension EventQuery {
    /// Whether a stored event matches every filter of the query, index columns and predicates alike: what a
    /// subscription asks of each event as it is committed, where there is no statement to narrow the rows. It agrees
    /// with `events(matching:)` (`StoreContractTests` checks the two on the same events).
    public func matches(_ r: EventRecord) -> Bool {
        // Master data filters are resolved into location lists first (`MasterDataStore.resolvingMasterData`); one left
        // unresolved matches nothing rather than everything.
        if !masterDataFilters.isEmpty { return false }
        if !eventTypes.isEmpty, !eventTypes.contains(r.type) { return false }
        if let t = eventTimeFrom, r.eventTime < t { return false }
        if let t = eventTimeTo, r.eventTime >= t { return false }
        if let t = recordTimeFrom, r.recordTime < t { return false }
        if let t = recordTimeTo, r.recordTime >= t { return false }
        let columns: [(values: [String], value: String?)] = [
            (actions, r.action), (bizSteps, r.bizStep), (dispositions, r.disposition), (readPoints, r.readPoint),
            (bizLocations, r.bizLocation), (eventIDs, r.eventID), (transformationIDs, r.transformationID)
        ]
        for c in columns where !c.values.isEmpty {
            guard let v = c.value, c.values.contains(v) else { return false }
        }
        for m in identifierMatches {
            let roles = Set(m.roles)
            let hit = r.identifiers.contains { i in
                roles.contains(i.role) && m.values.contains { v in i.id == v.value || (v.isPrefix && i.id.hasPrefix(v.value + "/")) }
            }
            if !hit { return false }
        }
        return keeps(r)
    }
}
