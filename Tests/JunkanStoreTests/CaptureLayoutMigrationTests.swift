import Foundation
import GRDB
import JunkanCore
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanSQLite

/// Migration v8 on a database written with the earlier layout: every event keeps its identifiers (in their
/// order), MATCH_* still finds them, and every leaf is still found by its event's hash.
@Suite struct CaptureLayoutMigrationTests {
    @Test func anOldDatabaseKeepsItsIdentifiersAndLeaves() async throws {
        let folder = try TemporaryStore.newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path

        // The layout before v8, filled the way its capture filled it.
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStore.migrator.migrate(pool, upTo: "v7: product classes and authorities")
            try await pool.write { db in
                for n in 1...5 {
                    try db.execute(
                        sql: """
                            INSERT INTO events (event_id, event_hash, type, event_time, record_time, organisation_id, json)
                            VALUES (?, ?, 'ObjectEvent', ?, ?, 'org-1', '{}')
                            """, arguments: ["e\(n)", "h\(n)", n * 10, n * 100])
                    // Written child first, so "in order" is not alphabetical.
                    try db.execute(
                        sql: "INSERT INTO event_identifiers (event_row, role, id) VALUES (?, 'child', ?), (?, 'parent', ?)",
                        arguments: [n, "https://id.gs1.org/00/1\(n)", n, "https://id.gs1.org/00/0\(n)"])
                    // Event 3 has no leaf (as when a capture made none).
                    if n != 3 {
                        try db.execute(sql: "INSERT INTO tlog_leaves (event_hash, leaf) VALUES (?, ?)", arguments: ["h\(n)", Data([UInt8(n)])])
                    }
                }
            }
            try pool.close()
        }

        let store = try SQLiteStore(path: path)
        for n in 1...5 {
            let e = try #require(try await store.event(id: "e\(n)"))
            #expect(
                e.identifiers == [
                    EventIdentifier(role: .child, id: "https://id.gs1.org/00/1\(n)"),
                    EventIdentifier(role: .parent, id: "https://id.gs1.org/00/0\(n)")
                ])
            let leaf = try await store.leaf(eventHash: "h\(n)")
            if n == 3 {
                #expect(leaf == nil)
            } else {
                // Leaves were numbered 1, 2, 3, 4 (event 3 had none): index = seq - 1.
                #expect(leaf?.index == UInt64(n < 3 ? n - 1 : n - 2))
                #expect(leaf?.leaf == [UInt8(n)])
            }
        }
        func parent(_ id: String) -> EventQuery {
            var q = EventQuery()
            q.identifierMatches = [(roles: [.parent], values: [.init(value: id, isPrefix: false)])]
            return q
        }
        #expect(try await store.events(matching: parent("https://id.gs1.org/00/04")).events.map(\.eventID) == ["e4"])
        // A child is not found as a parent: the role is part of the key.
        #expect(try await store.events(matching: parent("https://id.gs1.org/00/14")).events.isEmpty)

        // New captures continue the leaf numbering after the migrated leaves.
        let next = EventRecord(
            eventID: "e6", eventHash: "h6", type: "ObjectEvent", eventTime: 60, recordTime: 600, action: nil,
            bizStep: nil, disposition: nil, readPoint: nil, bizLocation: nil, transformationID: nil,
            organisationID: "org-1", identifiers: [EventIdentifier(role: .epc, id: "https://id.gs1.org/00/6")],
            json: "{}", leaf: [6])
        _ = try await store.capture([next])
        #expect(try await store.leaf(eventHash: "h6")?.index == 4)
        #expect(try await store.leafCount() == 5)
    }
}
