public import Crypto
import Foundation
import JunkanCore

/// A log entry: the fact "organisation O captured event H, with event ID I, at record time T", signed by O.
/// Byte layout (all integers big-endian; docs/log-format.md):
///
///     0      1   version = 0x02 (0x01: leaves written before event IDs were logged; no event ID field)
///     1      1   attestation: 0x01 = O's key held by this node signed this leaf;
///                             0x02 = O signed the capture statement itself (see `CaptureStatement`)
///     2     32   event hash: the SHA-256 digest of the CBV 2.0 event hash ni:///sha-256;…?ver=CBV2.0
///     34     8   record time, int64 milliseconds since 1970-01-01T00:00:00Z
///     42     1   L = length of O's organisation ID (1…255)
///     43     L   organisation ID, UTF-8
///     (v2)   2   E = length of the event ID (1…65535)
///     (v2)   E   event ID, UTF-8 (the CBV hash leaves it out, so the leaf is what covers it)
///     (0x02 only)  4   number of events in the capture statement, uint32
///     (0x02 only) 32   SHA-256 of the statement's event hash list
///     last  64   Ed25519 signature by O:
///                0x01: over "junkan/leaf/v2\n" (v1: "junkan/leaf/v1\n") || every byte above the signature
///                0x02: over the capture statement text (which the leaf's fields rebuild)
public struct CaptureLeaf: Sendable, Equatable {
    public enum Attestation: Sendable, Equatable {
        case hostedKey
        case captureStatement(eventCount: UInt32, listDigest: [UInt8])
    }

    /// The version new leaves are written in.
    public static let version: UInt8 = 0x02

    public let eventHash: [UInt8]
    public let recordTime: Int64
    public let organisationID: String
    /// The event's ID; nil in a version-1 leaf.
    public let eventID: String?
    public let attestation: Attestation
    public let signature: [UInt8]

    /// `eventID` nil makes a version-1 leaf (as stored before event IDs were logged).
    public init(
        eventHash: [UInt8], recordTime: Int64, organisationID: String, eventID: String?, attestation: Attestation, signature: [UInt8]
    )
        throws(LedgerError)
    {
        guard eventHash.count == 32 else { throw .malformedLeaf("event hash is \(eventHash.count) bytes, not 32") }
        guard (1...255).contains(organisationID.utf8.count) else { throw .malformedLeaf("organisation ID must be 1–255 bytes") }
        if let eventID, !(1...65535).contains(eventID.utf8.count) { throw .malformedLeaf("event ID must be 1–65535 bytes") }
        if case .captureStatement(_, let d) = attestation, d.count != 32 { throw .malformedLeaf("list digest is not 32 bytes") }
        guard signature.count == 64 else { throw .malformedLeaf("signature is \(signature.count) bytes, not 64") }
        self.eventHash = eventHash
        self.recordTime = recordTime
        self.organisationID = organisationID
        self.eventID = eventID
        self.attestation = attestation
        self.signature = signature
    }

    /// A leaf signed by the organisation's key that this node holds.
    public static func signed(
        eventHash: [UInt8], recordTime: Int64, organisationID: String, eventID: String?,
        key: Curve25519.Signing.PrivateKey
    ) throws(LedgerError) -> CaptureLeaf {
        let unsigned = try CaptureLeaf(
            eventHash: eventHash, recordTime: recordTime, organisationID: organisationID, eventID: eventID,
            attestation: .hostedKey, signature: [UInt8](repeating: 0, count: 64))
        guard let sig = try? key.signature(for: unsigned.leafContext + unsigned.fields) else { throw .malformedLeaf("Ed25519 signing failed") }
        return try CaptureLeaf(
            eventHash: eventHash, recordTime: recordTime, organisationID: organisationID, eventID: eventID,
            attestation: .hostedKey, signature: Array(sig))
    }

    public var version: UInt8 { eventID == nil ? 0x01 : 0x02 }
    var leafContext: [UInt8] { Array("junkan/leaf/v\(version)\n".utf8) }

    /// Every byte before the signature.
    var fields: [UInt8] {
        var out: [UInt8] = [version]
        switch attestation {
        case .hostedKey: out.append(0x01)
        case .captureStatement: out.append(0x02)
        }
        out += eventHash
        out += (0..<8).map { UInt8(truncatingIfNeeded: recordTime >> (56 - 8 * $0)) }
        let org = Array(organisationID.utf8)
        out.append(UInt8(org.count))
        out += org
        if let eventID {
            let id = Array(eventID.utf8)
            out += [UInt8(id.count >> 8), UInt8(id.count & 0xff)]
            out += id
        }
        if case .captureStatement(let n, let digest) = attestation {
            out += (0..<4).map { UInt8(truncatingIfNeeded: n >> (24 - 8 * UInt32($0))) }
            out += digest
        }
        return out
    }

    public var bytes: [UInt8] { fields + signature }

    /// The message the signature covers.
    public var signedMessage: [UInt8] {
        switch attestation {
        case .hostedKey: leafContext + fields
        case .captureStatement(let n, let digest):
            Array(CaptureStatement.text(organisationID: organisationID, eventCount: n, listDigest: digest).utf8)
        }
    }

    public func verifySignature(publicKey: Curve25519.Signing.PublicKey) -> Bool {
        publicKey.isValidSignature(signature, for: signedMessage)
    }

    /// The CBV event hash URI this leaf names.
    public var eventHashURI: String { EventHash.uri(digest: eventHash) }

    public init(parsing data: [UInt8]) throws(LedgerError) {
        guard data.count >= 43 + 1 + 64, data[0] == 0x01 || data[0] == 0x02 else {
            throw .malformedLeaf("not a version-1 or version-2 capture leaf (\(data.count) bytes)")
        }
        let kind = data[1]
        let hash = Array(data[2..<34])
        let time = data[34..<42].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        let l = Int(data[42])
        var i = 43 + l
        guard l > 0, i <= data.count else { throw .malformedLeaf("organisation ID runs past the leaf") }
        guard let org = String(validating: data[43..<i], as: UTF8.self) else { throw .malformedLeaf("organisation ID is not UTF-8") }
        var eventID: String?
        if data[0] == 0x02 {
            guard i + 2 <= data.count else { throw .malformedLeaf("event ID length runs past the leaf") }
            let e = Int(data[i]) << 8 | Int(data[i + 1])
            guard e > 0, i + 2 + e <= data.count else { throw .malformedLeaf("event ID runs past the leaf") }
            guard let id = String(validating: data[(i + 2)..<(i + 2 + e)], as: UTF8.self) else { throw .malformedLeaf("event ID is not UTF-8") }
            eventID = id
            i += 2 + e
        }
        let attestation: Attestation
        switch kind {
        case 0x01: attestation = .hostedKey
        case 0x02:
            guard i + 36 <= data.count else { throw .malformedLeaf("capture statement fields run past the leaf") }
            let n = data[i..<(i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            attestation = .captureStatement(eventCount: n, listDigest: Array(data[(i + 4)..<(i + 36)]))
            i += 36
        default: throw .malformedLeaf("unknown attestation kind 0x\(String(kind, radix: 16))")
        }
        guard data.count == i + 64 else { throw .malformedLeaf("leaf is \(data.count) bytes, its fields say \(i + 64)") }
        try self.init(
            eventHash: hash, recordTime: time, organisationID: org, eventID: eventID, attestation: attestation, signature: Array(data[i...]))
    }
}

/// What an organisation that keeps its own key signs when it captures: its ID, the number of events and the
/// SHA-256 of their event hashes, each `ni:///sha-256;…?ver=CBV2.0` followed by a newline, in document order.
///
///     junkan/capture/v1
///     <organisation ID>
///     <number of events>
///     <lowercase hex SHA-256 of the event hash list>
///
/// (each line ends in a newline). The signature travels base64-encoded in the `Junkan-Capture-Signature` header.
public enum CaptureStatement {
    public static func listDigest(eventHashes: [String]) -> [UInt8] {
        var h = SHA256()
        for e in eventHashes { h.update(data: Array((e + "\n").utf8)) }
        return Array(h.finalize())
    }

    public static func text(organisationID: String, eventCount: UInt32, listDigest: [UInt8]) -> String {
        "junkan/capture/v1\n\(organisationID)\n\(eventCount)\n\(Hex.encode(listDigest))\n"
    }

    public static func text(organisationID: String, eventHashes: [String]) -> String {
        text(organisationID: organisationID, eventCount: UInt32(eventHashes.count), listDigest: listDigest(eventHashes: eventHashes))
    }
}
