public import Foundation
import Synchronization

/// The signing keys of the organisations this node signs for, kept apart from the database (docs/security.md): one
/// file per organisation, `<id>.ed25519`, holding the base64 of its 32-byte Ed25519 seed, in a directory only this
/// user may read (0700, files 0600). Whoever can write the database then still cannot sign in an organisation's name,
/// and the keys can be backed up, mounted and rotated apart from the data.
public final class KeyDirectory: Sendable {
    public let path: String
    /// Seeds read so far: the caller of every request is looked up, and its key should not cost a file read each time.
    private let cache = Mutex<[String: [UInt8]]>([:])

    public init(path: String) { self.path = path }

    /// `<database>.keys`, beside the database file.
    public static func beside(database: String) -> KeyDirectory { KeyDirectory(path: database + ".keys") }

    public func file(for organisationID: String) -> String { path + "/" + organisationID + ".ed25519" }

    /// The organisation's seed; nil when it has no key file.
    public func seed(for organisationID: String) throws -> [UInt8]? {
        if let hit = cache.withLock({ $0[organisationID] }) { return hit }
        let file = file(for: organisationID)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        try Self.requirePrivate(file, mode: 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seed = Data(base64Encoded: text), seed.count == 32 else {
            throw KeyDirectoryError.malformed(file: file, reason: "not the base64 of a 32-byte Ed25519 seed")
        }
        cache.withLock { $0[organisationID] = Array(seed) }
        return Array(seed)
    }

    /// Writes an organisation's seed (created 0600, never readable by others even for a moment). An existing file must
    /// hold the same seed: a key is never replaced by accident.
    public func write(seed: [UInt8], for organisationID: String) throws {
        try createIfMissing()
        let file = file(for: organisationID)
        if let existing = try self.seed(for: organisationID) {
            guard existing == seed else { throw KeyDirectoryError.exists(file: file) }
            return
        }
        let temporary = file + ".new"
        try? FileManager.default.removeItem(atPath: temporary)
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data((Data(seed).base64EncodedString() + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw KeyDirectoryError.malformed(file: temporary, reason: "cannot be created") }
        // The seed is on disk before the database says the organisation exists.
        if let handle = FileHandle(forWritingAtPath: temporary) {
            try handle.synchronize()
            try handle.close()
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: file)
        cache.withLock { $0[organisationID] = seed }
    }

    /// The file of a peer's PACT client credentials (`junkan peer pact`, issue 27, item 4): secrets live with the keys,
    /// never in the database.
    public func peerPactFile(baseURL: String) -> String {
        path + "/peer-pact-" + String(baseURL.map { $0.isLetter || $0.isNumber ? $0 : "_" }) + ".json"
    }

    public func writePeerPact(baseURL: String, clientID: String, secret: String) throws {
        try createIfMissing()
        let text = "{\"clientId\":\(Self.quoted(clientID)),\"clientSecret\":\(Self.quoted(secret))}\n"
        let file = peerPactFile(baseURL: baseURL)
        try? FileManager.default.removeItem(atPath: file)
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw KeyDirectoryError.malformed(file: file, reason: "cannot be created")
        }
    }

    /// A peer's PACT client credentials, nil when none were given.
    public func peerPact(baseURL: String) -> (clientID: String, secret: String)? {
        guard let data = FileManager.default.contents(atPath: peerPactFile(baseURL: baseURL)),
            let o = try? JSONSerialization.jsonObject(with: data) as? [String: String], let id = o["clientId"], let secret = o["clientSecret"]
        else { return nil }
        return (id, secret)
    }

    static func quoted(_ s: String) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8), as: UTF8.self).dropFirst().dropLast().description
    }

    /// The directory (when it exists) and every key file in it are this user's alone: refused otherwise, with the
    /// command that fixes it.
    public func checkPermissions() throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try Self.requirePrivate(path, mode: 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: path) where name.hasSuffix(".ed25519") {
            try Self.requirePrivate(path + "/" + name, mode: 0o600)
        }
    }

    func createIfMissing() throws {
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try Self.requirePrivate(path, mode: 0o700)
    }

    static func requirePrivate(_ path: String, mode wanted: Int) throws {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value
        if mode & 0o077 != 0 {
            throw KeyDirectoryError.tooOpen(path: path, mode: mode, fix: "chmod \(String(wanted, radix: 8)) \(path)")
        }
        if let owner, owner != geteuid() {
            throw KeyDirectoryError.notOwned(path: path, owner: owner)
        }
    }
}

public enum KeyDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooOpen(path: String, mode: Int, fix: String)
    case notOwned(path: String, owner: UInt32)
    case malformed(file: String, reason: String)
    case exists(file: String)
    /// A hosted organisation whose key file is missing, or holds another key than the database's public key.
    case missing(organisationID: String, file: String)
    case mismatch(organisationID: String, file: String)

    public var description: String {
        switch self {
        case .tooOpen(let path, let mode, let fix):
            "\(path) may be read by others (mode \(String(mode, radix: 8))): signing keys must be this user's alone; \(fix)"
        case .notOwned(let path, let owner): "\(path) belongs to user \(owner), not to the user running junkan"
        case .malformed(let file, let reason): "\(file): \(reason)"
        case .exists(let file): "\(file) already holds another key; it is never replaced"
        case .missing(let id, let file): "organisation \(id) is hosted, but its signing key \(file) is missing (restore it from the key backup)"
        case .mismatch(let id, let file): "\(file) holds another key than organisation \(id)'s public key in the database"
        }
    }
}
