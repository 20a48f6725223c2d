import Foundation
import GRDB
import Testing

@testable import JunkanSQLite

/// Rows bound through SQLite's C API store what GRDB would: text (empty too), integers, NULLs, blobs; a bind
/// that fails is an error for that row, never a row stored with a missing value.
@Suite struct RowBindingTests {
    @Test func storesEveryKindOfValueAndRefusesARowWithABadBind() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT NOT NULL, b INTEGER, c BLOB NOT NULL)")
            var insert = RowBinding(try db.makeStatement(sql: "INSERT INTO t (a, b, c) VALUES (?, ?, ?)"), in: db)
            try insert.run(.text(""), .integer(nil), .blob([]))
            try insert.run(.text("é✓"), .integer(-7), .blob([0, 1, 255]))
            // A fourth value has no parameter: SQLITE_RANGE, reported, and nothing stored for the row.
            #expect(throws: DatabaseError.self) { try insert.run(.text("x"), .integer(1), .blob([1]), .text("extra")) }
            // A NULL where the column forbids it fails at the step, as with GRDB.
            #expect(throws: DatabaseError.self) { try insert.run(.text(nil), .integer(1), .blob([1])) }
            // The statement is usable again after each failure.
            try insert.run(.text("after"), .integer(3), .blob([9]))
            let rows = try Row.fetchAll(db, sql: "SELECT a, b, c, typeof(a) AS ta FROM t ORDER BY rowid")
            #expect(rows.map { $0["a"] as String } == ["", "é✓", "after"])
            #expect(rows.map { $0["ta"] as String } == ["text", "text", "text"])
            #expect(rows.map { $0["b"] as Int64? } == [nil, -7, 3])
            #expect(rows.map { Array($0["c"] as Data) } == [[], [0, 1, 255], [9]])
        }
    }
}
