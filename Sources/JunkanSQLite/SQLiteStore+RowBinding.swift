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
        guard var text else { sqlite3_bind_null(handle, index); return }
        let (handle, index) = (handle, index)
        text.withUTF8 { b in
            b.withMemoryRebound(to: CChar.self) { c in
                guard let base = c.baseAddress else { _ = sqlite3_bind_text(handle, index, "", 0, Self.transient); return }
                _ = sqlite3_bind_text(handle, index, base, Int32(c.count), Self.transient)
            }
        }
    }

    private mutating func bind(_ value: Int64?) {
        index += 1
        guard let value else { sqlite3_bind_null(handle, index); return }
        sqlite3_bind_int64(handle, index, value)
    }

    private mutating func bind(_ bytes: [UInt8]) {
        index += 1
        let (handle, index) = (handle, index)
        bytes.withUnsafeBytes { b in _ = sqlite3_bind_blob(handle, index, b.baseAddress, Int32(b.count), Self.transient) }
    }

    /// Runs the statement with the values bound so far, then clears them for the next row.
    private mutating func run() throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            index = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                sql: statement.sql)
        }
    }
}
