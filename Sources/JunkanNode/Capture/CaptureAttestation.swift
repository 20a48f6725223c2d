import Crypto
import Foundation
import JunkanCore
import JunkanLedger
package import JunkanStore

/// Makes the log leaf of every event of a capture (docs/log-format.md): a node-held key signs each leaf; an
/// organisation that keeps its own key must have signed the capture statement over the events' hashes, sent as
/// base64 in `Junkan-Capture-Signature`, so this node cannot forge its records.
package enum CaptureAttestation {
    package enum Failure: Error, Sendable {
        /// The organisation signs its own captures and the header is missing (401).
        case signatureRequired(organisationID: String)
        /// The header is not base64 of 64 bytes, or the signature does not verify (403).
        case badSignature(String)
    }

    package static func attachLeaves(to records: inout [EventRecord], organisation: Organisation, signature: String?) throws {
        switch organisation.key {
        case .hosted(let seed, _):
            let key = try Ed25519Seed.privateKey(seed)
            // One signature per event (about 16 µs each), independent of the others: on all cores.
            let unsigned = records
            let leaves = ParallelMap.map(unsigned.count) { i in
                Result { () throws -> [UInt8]? in
                    let r = unsigned[i]
                    guard let digest = EventHash.digest(uri: r.eventHash) else { return nil }
                    return try CaptureLeaf.signed(
                        eventHash: digest, recordTime: r.recordTime, organisationID: organisation.id, eventID: r.eventID, key: key
                    ).bytes
                }
            }
            for i in records.indices { if let leaf = try leaves[i].get() { records[i].leaf = leaf } }
        case .own(let publicKey):
            guard let signature else { throw Failure.signatureRequired(organisationID: organisation.id) }
            guard let sig = Base64.decode(signature.trimmingCharacters(in: .whitespaces)), sig.count == 64 else {
                throw Failure.badSignature("Junkan-Capture-Signature must be the base64 of a 64-byte Ed25519 signature")
            }
            let hashes = records.map(\.eventHash)
            let digest = CaptureStatement.listDigest(eventHashes: hashes)
            let statement = CaptureStatement.text(organisationID: organisation.id, eventCount: UInt32(hashes.count), listDigest: digest)
            guard try Ed25519Seed.publicKey(publicKey).isValidSignature(sig, for: Array(statement.utf8)) else {
                throw Failure.badSignature(
                    "Junkan-Capture-Signature does not verify against \(organisation.id)'s key over the capture "
                        + "statement of these \(hashes.count) events (see docs/log-format.md): \(statement.debugDescription)")
            }
            let attestation = CaptureLeaf.Attestation.captureStatement(eventCount: UInt32(hashes.count), listDigest: digest)
            for i in records.indices {
                guard let digest = EventHash.digest(uri: records[i].eventHash) else { continue }
                records[i].leaf = try CaptureLeaf(
                    eventHash: digest, recordTime: records[i].recordTime, organisationID: organisation.id,
                    eventID: records[i].eventID, attestation: attestation, signature: sig
                ).bytes
            }
        }
    }

    /// The leaves of records whose record time moved (`EventStore`'s restamp): made again for the new time. A hosted
    /// organisation's leaf is signed again; an own-key organisation's keeps its capture statement and signature, which
    /// cover the events' hashes and not the record time (docs/log-format.md).
    package static func releaf(_ records: inout [EventRecord], organisation: Organisation) throws {
        var hostedKey: Curve25519.Signing.PrivateKey?
        if case .hosted(let seed, _) = organisation.key { hostedKey = try Ed25519Seed.privateKey(seed) }
        let current = records
        let key = hostedKey
        let leaves = ParallelMap.map(current.count) { i in
            Result { () throws -> [UInt8] in
                let r = current[i]
                guard !r.leaf.isEmpty else { return [] }
                let old = try CaptureLeaf(parsing: r.leaf)
                if let key {
                    return try CaptureLeaf.signed(
                        eventHash: old.eventHash, recordTime: r.recordTime, organisationID: old.organisationID, eventID: old.eventID,
                        key: key
                    ).bytes
                }
                return try CaptureLeaf(
                    eventHash: old.eventHash, recordTime: r.recordTime, organisationID: old.organisationID, eventID: old.eventID,
                    attestation: old.attestation, signature: old.signature
                ).bytes
            }
        }
        for i in records.indices { records[i].leaf = try leaves[i].get() }
    }
}
