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
        if FileManager.default.fileExists(atPath: path) {
            let signer = try NoteSigner(parsing: try String(contentsOfFile: path, encoding: .utf8))
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else {
                throw LedgerError.malformedKey("\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
            }
            return signer
        }
        let signer = try NoteSigner(name: name, privateKey: .init())
        // Created with 0600 from the start, never world-readable even for a moment.
        guard FileManager.default.createFile(atPath: path, contents: Data((signer.text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw LedgerError.malformedKey("cannot create the key file \(path)") }
        return signer
    }
}
