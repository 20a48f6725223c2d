public import JunkanCore

extension EventRecord {
    /// The record with its recordTime moved to `time` (ms), in the index column and in the stored JSON alike; its leaf
    /// is left as it was (a leaf signs the record time: `CaptureService` signs it again).
    ///
    /// For an event whose recordTime is earlier than that of an event already committed (`EventStore`, issue 26 item
    /// 4): capture stamps the time when a request arrives, but a document's first chunk is made before the store takes
    /// the writer, so a later capture can commit first. Left as it was, a reader paging by recordTime (the default order
    /// of `GET /events`) who had passed that time would never see the late event. The EPCIS recordTime is when the
    /// repository recorded the event, so the commit is the truer time anyway. The event hash does not cover recordTime
    /// (CBV 2.0 §8.9). Only late events pay for the parse and the write; members keep their order and numbers their
    /// literal (`JSONWriter`).
    public func restamped(recordTime time: Int64) throws -> EventRecord {
        guard time != recordTime else { return self }
        guard case .object(var object) = try JSONParser.parse(json) else { return self }
        object["recordTime"] = .string(ISO8601Timestamp.utcString(epochMilliseconds: time))
        var r = self
        r.json = JSONWriter.string(.object(object))
        r.recordTime = time
        return r
    }
}

extension Array where Element == EventRecord {
    /// The records, those stamped before `floor` (the latest committed record time) made again at it by `restamp`, in
    /// place: what each store's capture writes (`EventStore`).
    public func restamped(notBefore floor: Int64, with restamp: Restamp) throws -> [EventRecord] {
        let late = indices.filter { self[$0].recordTime < floor }
        guard !late.isEmpty else { return self }
        var records = self
        let again = try restamp(late.map { self[$0] }, floor)
        for (k, i) in late.enumerated() { records[i] = again[k] }
        return records
    }
}
