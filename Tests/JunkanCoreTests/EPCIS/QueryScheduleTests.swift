import JunkanCore
import Testing

/// The schedule of a scheduled subscription: when it fires next, and which schedules are refused.
@Suite struct QueryScheduleTests {
    static func ms(_ s: String) -> Int64 { ISO8601Timestamp.parse(s)!.epochMilliseconds }
    static func schedule(_ fields: [(String, String)]) throws -> QuerySchedule {
        try QuerySchedule(JSONObject(fields.map { ($0.0, JSONValue.string($0.1)) }))
    }
    static func next(_ s: QuerySchedule, _ after: String) -> String? {
        s.next(after: ms(after)).map { ISO8601Timestamp.utcString(epochMilliseconds: $0) }
    }

    @Test func firesAtTheGivenFieldsWithFinerOnesAtTheirLeast() throws {
        // The standard's example: every morning at 01:05 (at second 0, not every second of that minute).
        let daily = try Self.schedule([("hour", "1"), ("minute", "5")])
        #expect(Self.next(daily, "2024-03-01T00:00:00Z") == "2024-03-01T01:05:00.000Z")
        #expect(Self.next(daily, "2024-03-01T01:05:00Z") == "2024-03-02T01:05:00.000Z")
        #expect(Self.next(daily, "2024-03-01T01:04:59.999Z") == "2024-03-01T01:05:00.000Z")
        let halfHours = try Self.schedule([("minute", "0,30")])
        #expect(Self.next(halfHours, "2024-03-01T10:15:10Z") == "2024-03-01T10:30:00.000Z")
        #expect(Self.next(halfHours, "2024-03-01T10:30:00Z") == "2024-03-01T11:00:00.000Z")
        #expect(Self.next(halfHours, "2024-03-01T23:45:00Z") == "2024-03-02T00:00:00.000Z")
        // Coarser fields left out take every value.
        let seconds = try Self.schedule([("second", "[10-12]")])
        #expect(Self.next(seconds, "2024-03-01T10:00:11.500Z") == "2024-03-01T10:00:12.000Z")
        #expect(Self.next(seconds, "2024-03-01T10:00:12Z") == "2024-03-01T10:01:10.000Z")
    }

    @Test func daysOfTheWeekAndMonthBothHold() throws {
        // 2024-03-01 was a Friday; day 1 is Monday.
        let mondays = try Self.schedule([("dayOfWeek", "1"), ("hour", "9")])
        #expect(Self.next(mondays, "2024-03-01T12:00:00Z") == "2024-03-04T09:00:00.000Z")
        let sundays = try Self.schedule([("dayOfWeek", "7"), ("hour", "0")])
        #expect(Self.next(sundays, "2024-03-01T12:00:00Z") == "2024-03-03T00:00:00.000Z")
        let leapDays = try Self.schedule([("month", "2"), ("dayOfMonth", "29"), ("hour", "0")])
        #expect(Self.next(leapDays, "2024-03-01T00:00:00Z") == "2028-02-29T00:00:00.000Z")
        let fridayThe13th = try Self.schedule([("dayOfMonth", "13"), ("dayOfWeek", "5"), ("hour", "[8-9]"), ("minute", "15")])
        #expect(Self.next(fridayThe13th, "2024-03-01T00:00:00Z") == "2024-09-13T08:15:00.000Z")
        #expect(Self.next(fridayThe13th, "2024-09-13T08:15:00Z") == "2024-09-13T09:15:00.000Z")
        // A date that never comes.
        #expect(Self.next(try Self.schedule([("month", "2"), ("dayOfMonth", "31")]), "2024-01-01T00:00:00Z") == nil)
    }

    @Test func refusesWhatIsNotASchedule() {
        for fields in [
            [], [("hour", "24")], [("minute", "[30-10]")], [("second", "a")], [("week", "1")], [("hour", "1,")], [("dayOfWeek", "0")],
            [("month", "[1-13]")], [("minute", "[1-2-3]")], [("hour", "001")]
        ] as [[(String, String)]] {
            #expect(throws: QuerySchedule.Invalid.self, "\(fields)") { try Self.schedule(fields) }
        }
        #expect(throws: QuerySchedule.Invalid.self) { try QuerySchedule(JSONObject([("hour", .bool(true))])) }
    }
}
