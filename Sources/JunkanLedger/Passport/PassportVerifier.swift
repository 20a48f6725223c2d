import Foundation
public import JunkanCore

/// Checks a passport credential offline (`junkan verify-passport`): the maker's VC-JOSE signature with the key of its
/// DID document, the credential's shape, and for every trail event its tlog-proof@v1 — the leaf is for that event
/// hash, the inclusion proof leads to the checkpoint's root, the checkpoint is signed by the log key and cosigned by
/// enough of the trusted witnesses. Reports each check, so a tampered file says exactly what no longer holds.
public struct PassportVerifier: Sendable {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public var ok: Bool
        public var subject: String
        public var detail: String
        public var description: String { (ok ? "OK    " : "FAIL  ") + subject + ": " + detail }
    }

    public let didDocument: JSONValue?
    /// The verifier keys of the logs the trail's events may be in, one per origin (a trail that crossed nodes has
    /// steps in each node's log; issue 27, item 5): each proof is checked with the key named by its checkpoint's origin.
    public let logKeys: [NoteVerifierKey]
    public let witnessKeys: [NoteVerifierKey]
    public let witnessQuorum: Int

    public init(didDocument: JSONValue?, logKey: NoteVerifierKey, witnessKeys: [NoteVerifierKey] = [], witnessQuorum: Int = 0) {
        self.init(didDocument: didDocument, logKeys: [logKey], witnessKeys: witnessKeys, witnessQuorum: witnessQuorum)
    }

    public init(didDocument: JSONValue?, logKeys: [NoteVerifierKey], witnessKeys: [NoteVerifierKey] = [], witnessQuorum: Int = 0) {
        self.didDocument = didDocument; self.logKeys = logKeys; self.witnessKeys = witnessKeys; self.witnessQuorum = witnessQuorum
    }

    /// `text`: an `application/vc+jwt` compact JWS (or an unsigned `application/ld+json` credential, reported as unsigned).
    public func verify(_ text: String) -> [Finding] {
        var findings: [Finding] = []
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let credential: JSONValue
        if trimmed.hasPrefix("{") {
            guard let c = try? JSONParser.parse(trimmed) else { return [Finding(ok: false, subject: "file", detail: "neither a JWS nor JSON")] }
            findings.append(
                Finding(ok: false, subject: "signature", detail: "the credential is not secured (application/ld+json): nothing proves who issued it"))
            credential = c
        } else {
            let parts: CompactJWS.Parts
            do throws(CompactJWS.Failure) { parts = try CompactJWS.parse(trimmed) } catch {
                return [Finding(ok: false, subject: "signature", detail: error.description)]
            }
            guard let c = try? JSONParser.parse(parts.payload) else { return [Finding(ok: false, subject: "payload", detail: "the JWS payload is not JSON")] }
            credential = c
            findings.append(signature(parts, credential: c))
        }
        findings += shape(credential)
        let trail = credential.objectValue?["credentialSubject"]?.objectValue?["traceabilityInformation"]?.arrayValue ?? []
        if trail.isEmpty { findings.append(Finding(ok: true, subject: "trail", detail: "the credential has no trail events (a model passport, or withheld)")) }
        for (i, entry) in trail.enumerated() { findings.append(proof(entry, index: i)) }
        // Steps from other nodes: each proven in its own node's log (its key among the --log-key given).
        let peers = credential.objectValue?["credentialSubject"]?.objectValue?["junkan:evidenceFromPeers"]?.arrayValue ?? []
        for (i, entry) in peers.enumerated() { findings.append(proof(entry, index: i, name: "peer[\(i)]")) }
        return findings
    }

    func signature(_ parts: CompactJWS.Parts, credential: JSONValue) -> Finding {
        let issuer = credential.objectValue?["issuer"]?.objectValue?["id"]?.stringValue ?? credential.objectValue?["issuer"]?.stringValue ?? ""
        guard parts.header["typ"]?.stringValue == "vc+jwt" else {
            return Finding(ok: false, subject: "signature", detail: "the JWS header's typ is not vc+jwt")
        }
        guard let kid = parts.header["kid"]?.stringValue, kid.hasPrefix(issuer + "#") else {
            return Finding(ok: false, subject: "signature", detail: "the JWS key id does not belong to the issuer \(issuer)")
        }
        guard let didDocument else { return Finding(ok: false, subject: "signature", detail: "not checked: give the issuer's DID document (\(issuer))") }
        guard didDocument.objectValue?["id"]?.stringValue == issuer else {
            return Finding(
                ok: false, subject: "signature",
                detail: "the DID document is for \(didDocument.objectValue?["id"]?.stringValue ?? "?"), the issuer is \(issuer)")
        }
        guard let key = DIDWeb.publicKey(in: didDocument, keyID: kid) else {
            return Finding(ok: false, subject: "signature", detail: "the DID document has no Ed25519 key \(kid)")
        }
        do throws(CompactJWS.Failure) { try CompactJWS.verify(parts, publicKey: key) } catch {
            return Finding(ok: false, subject: "signature", detail: error.description)
        }
        return Finding(ok: true, subject: "signature", detail: "EdDSA by \(kid)")
    }

    func shape(_ c: JSONValue) -> [Finding] {
        guard let o = c.objectValue else { return [Finding(ok: false, subject: "credential", detail: "not a JSON object")] }
        let contexts = o["@context"]?.arrayValue ?? []
        let types = o["type"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard contexts.first?.stringValue == "https://www.w3.org/ns/credentials/v2", types.contains("VerifiableCredential"),
            let subject = o["credentialSubject"]?.objectValue?["id"]?.stringValue
        else {
            return [Finding(ok: false, subject: "credential", detail: "not a VC 2.0 credential with a subject id")]
        }
        return [Finding(ok: true, subject: "credential", detail: "VC 2.0 about \(subject)")]
    }

    func proof(_ entry: JSONValue, index i: Int, name: String? = nil) -> Finding {
        let name = name ?? "trail[\(i)]"
        guard let o = entry.objectValue, let hash = o["junkan:eventHash"]?.stringValue else {
            return Finding(ok: false, subject: name, detail: "no junkan:eventHash")
        }
        guard let text = o["junkan:logProof"]?.stringValue else { return Finding(ok: false, subject: name, detail: "event \(hash) has no log proof") }
        do throws(LedgerError) {
            let proof = try TlogProof(parsing: text)
            guard let extra = proof.extra else { return Finding(ok: false, subject: name, detail: "the proof carries no leaf") }
            let leaf = try CaptureLeaf(parsing: extra)
            guard leaf.eventHashURI == hash else {
                return Finding(ok: false, subject: name, detail: "the proof's leaf is for \(leaf.eventHashURI), not \(hash)")
            }
            // The checkpoint's first line names its log: the key given for that origin checks it (no key, no trust).
            let origin = proof.checkpoint.prefix { $0 != "\n" }
            guard let logKey = logKeys.first(where: { $0.name == origin }) else {
                return Finding(
                    ok: false, subject: name,
                    detail: "\(hash) is proven in the log \(origin), and no --log-key was given for it (given: \(logKeys.map(\.name).joined(separator: ", ")))")
            }
            let checkpoint = try proof.verify(leafHash: .leaf(extra), logKey: logKey, witnessKeys: witnessKeys, witnessQuorum: witnessQuorum)
            return Finding(
                ok: true, subject: name,
                detail: "\(hash) is leaf \(proof.index) of \(checkpoint.origin) at size \(checkpoint.size)"
                    + (witnessQuorum > 0 ? ", cosigned by at least \(witnessQuorum) witness(es)" : ""))
        } catch {
            return Finding(ok: false, subject: name, detail: "\(hash): \(error)")
        }
    }
}
