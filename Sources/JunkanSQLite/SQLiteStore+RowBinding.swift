import GRDB
import GRDBSQLite

/// A prepared statement run many times in one transaction with its values bound through SQLite's C API.
/// GRDB's `execute(arguments:)` builds a `StatementArguments` of existentials and goes through its
/// observation hooks on every run: in a profile of 10,000-event captures, building the arguments alone was
/// about a fifth of the writer's samples. Only for plain INSERTs inside a `pool.write` (Junkan registers
/// no transaction observers, so skipping GRDB's hooks skips no one).
struct RowBinding {
    private let statement: Statement
    private let db: Database
    private var index: Int32 = 0
    /// The first bind that failed in this row (SQLite's code), reported by `run` instead of storing a wrong row.
    private var bindFailure: Int32 = SQLITE_OK

    init(_ statement: Statement, in db: Database) {
        self.statement = statement
        self.db = db
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// One value of a row, in the order of the statement's parameters.
    enum Value {
        case text(String?)
        case integer(Int64?)
        case blob([UInt8])
    }

    /// Binds `values` to the statement's parameters in order, then runs it.
    mutating func run(_ values: Value...) throws {
        for v in values {
            switch v {
            case .text(let t): bind(t)
            case .integer(let i): bind(i)
            case .blob(let b): bind(b)
            }
        }
        try run()
    }

    private mutating func bind(_ text: String?) {
        index += 1
        guard var text else { return check(sqlite3_bind_null(handle, index)) }
        let (handle, index) = (handle, index)
        check(
            text.withUTF8 { b in
                b.withMemoryRebound(to: CChar.self) { c in
                    // An empty string is text, not NULL (SQLite binds NULL for a nil pointer).
                    guard let base = c.baseAddress else { return sqlite3_bind_text64(handle, index, "", 0, Self.transient, UInt8(SQLITE_UTF8)) }
                    return sqlite3_bind_text64(handle, index, base, sqlite3_uint64(c.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            })
    }

    private mutating func bind(_ value: Int64?) {
        index += 1
        guard let value else { return check(sqlite3_bind_null(handle, index)) }
        check(sqlite3_bind_int64(handle, index, value))
    }

    private mutating func bind(_ bytes: [UInt8]) {
        index += 1
        let (handle, index) = (handle, index)
        check(
            bytes.withUnsafeBytes { b in
                b.isEmpty
                    ? sqlite3_bind_zeroblob(handle, index, 0)
                    : sqlite3_bind_blob64(handle, index, b.baseAddress, sqlite3_uint64(b.count), Self.transient)
            })
    }

    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK, bindFailure == SQLITE_OK { bindFailure = code }
    }

    /// Runs the statement with the values bound so far, then clears them for the next row.
    private mutating func run() throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
            bindFailure = SQLITE_OK
        }
        if bindFailure != SQLITE_OK {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: bindFailure), message: "binding parameter \(index): " + String(cString: sqlite3_errstr(bindFailure)),
                sql: statement.sql)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: statement.sql)
        }
    }
}
