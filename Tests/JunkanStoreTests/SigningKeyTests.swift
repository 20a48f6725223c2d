import Foundation
import GRDB
import JunkanCore
import JunkanLedger
import JunkanStore
import JunkanTestSupport
import Testing

@testable import JunkanSQLite

/// Issue 25, item 7: hosted organisations' signing keys live in a key directory, never in the database, so whoever can
/// write the database cannot sign in an organisation's name. Before, the seeds were a column of `organisations`.
@Suite struct SigningKeyTests {
    func folder() throws -> URL { try TemporaryStore.newFolder() }

    static func contains(_ haystack: Data, _ needle: [UInt8]) -> Bool { haystack.range(of: Data(needle)) != nil }

    @Test func aHostedKeyIsWrittenToItsFileAndNeverToTheDatabase() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("node.sqlite").path
        let (seed, pub) = Ed25519Seed.generate()
        do {
            let store = try SQLiteStore(path: path)
            let org = try await store.addOrganisation(name: "Hosted", tokenHash: "t", key: .hosted(seed: seed, publicKey: pub))
            #expect(try await store.organisation(id: org.id)?.key == .hosted(seed: seed, publicKey: pub))
            let file = store.keys.file(for: org.id)
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
            #expect(try FileManager.default.attributesOfItem(atPath: store.keys.path)[.posixPermissions] as? Int == 0o700)
            try await store.checkSigningKeys()
        }
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: path + suffix) { #expect(!Self.contains(bytes, seed), "the seed is in \(path + suffix)") }
        }
    }

    @Test func aKeyOthersMayReadOrAMissingOrForeignKeyIsRefused() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("node.sqlite").path
        let store = try SQLiteStore(path: path)
        let org = try await store.addOrganisation(name: "Hosted", tokenHash: "t", key: .newHosted())
        let file = store.keys.file(for: org.id)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        // A fresh store (no cached key) refuses the key file; so does the check at start.
        let reopened = try SQLiteStore(path: path)
        await #expect(throws: KeyDirectoryError.self) { try await reopened.checkSigningKeys() }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: store.keys.path)
        await #expect(throws: KeyDirectoryError.self) { try await SQLiteStore(path: path).checkSigningKeys() }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: store.keys.path)
        try await SQLiteStore(path: path).checkSigningKeys()

        // Another key in the file: refused, not used to sign.
        try (Data(Ed25519Seed.generate().seed).base64EncodedString() + "\n").write(toFile: file, atomically: false, encoding: .utf8)
        await #expect(throws: KeyDirectoryError.mismatch(organisationID: org.id, file: file)) { try await SQLiteStore(path: path).checkSigningKeys() }
        try FileManager.default.removeItem(atPath: file)
        await #expect(throws: KeyDirectoryError.missing(organisationID: org.id, file: file)) { try await SQLiteStore(path: path).organisation(id: org.id) }
    }

    /// Migration v13: a database that held seeds gives them to the key directory and keeps only public keys.
    @Test func theUpgradeMovesSeedsOutOfTheDatabase() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        let (seed, pub) = Ed25519Seed.generate()
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteStore.migrator.migrate(pool, upTo: "v12: checkpoint chain")
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO organisations (id, name, token_hash, created_at, public_key, private_key) VALUES ('org-old', 'Old', 'h', 0, ?, ?)",
                    arguments: [Data(pub), Data(seed)])
                try db.execute(
                    sql: "INSERT INTO organisations (id, name, token_hash, created_at, public_key) VALUES ('org-own', 'Own', 'h2', 0, ?)",
                    arguments: [Data(pub)])
            }
            try pool.close()
        }
        do {
            let store = try SQLiteStore(path: path)
            #expect(try await store.organisation(id: "org-old")?.key == .hosted(seed: seed, publicKey: pub))
            #expect(try await store.organisation(id: "org-own")?.key == .own(publicKey: pub))
            #expect(FileManager.default.fileExists(atPath: store.keys.file(for: "org-old")))
            #expect(!FileManager.default.fileExists(atPath: store.keys.file(for: "org-own")))
            let stored = try await store.pool.read { db in try Data.fetchAll(db, sql: "SELECT private_key FROM organisations WHERE private_key IS NOT NULL") }
            #expect(stored.isEmpty)
        }
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(!Self.contains(bytes, seed), "the seed's bytes are still in the database file")
    }
}
