import Crypto
import Foundation
import JunkanLedger

/// The node's log key (and a witness's key): a signed-note signing key `PRIVATE+KEY+name+id+key` in a file of mode
/// 0600 in the data folder, created on first run. The key's name is the log's origin.
enum LogKeyFile {
    /// `<database folder>/<database file name>.log-key` (or `.witness-key`).
    static func path(database: String, suffix: String) -> String {
        URL(fileURLWithPath: database).path + "." + suffix
    }

    static func loadOrCreate(path: String, name: String) throws -> NoteSigner {
        try load(path: path) ?? create(path: path, name: name)
    }

    /// The key in `path`, or nil when there is no such file; refused when others may read it.
    static func load(path: String) throws -> NoteSigner? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let signer = try NoteSigner(parsing: try String(contentsOfFile: path, encoding: .utf8))
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw LedgerError.malformedKey("\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        return signer
    }

    /// A new key named `name` in a new file `path`. Two processes starting at once each write their own temporary file
    /// and link it into place: exactly one link succeeds, and the other process loads the winner's key.
    static func create(path: String, name: String) throws -> NoteSigner {
        let signer = try NoteSigner(name: name, privateKey: .init())
        let temporary = path + ".new-" + UUID().uuidString
        // Created with 0600 from the start, never world-readable even for a moment.
        guard FileManager.default.createFile(atPath: temporary, contents: Data((signer.text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw LedgerError.malformedKey("cannot create the key file \(path)") }
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        if link(temporary, path) != 0 {
            guard errno == EEXIST, let winner = try load(path: path) else { throw LedgerError.malformedKey("cannot create the key file \(path)") }
            return winner
        }
        return signer
    }
}
