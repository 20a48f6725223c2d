import Crypto
import Foundation
import JunkanCore
import JunkanLedger
import JunkanTestSupport
import Testing

@Suite struct SignedNoteTests {
    static let vectors: [JSONObject] = (try? tlogFixture("signed-note/note-vectors.json"))?["vectors"]?.arrayValue?.compactMap(\.objectValue) ?? []

    @Test func vectorsArePresent() { #expect(Self.vectors.count == 6) }

    @Test(arguments: vectors.indices) func noteVector(_ i: Int) throws {
        let v = Self.vectors[i]
        let key = try NoteVerifierKey(parsing: v["vkey"]!.stringValue!)
        #expect(key.description == v["vkey"]!.stringValue!, "verifier key text round-trips")
        let valid = v["valid"]!.boolValue!
        let result = Result { try SignedNote(parsing: v["note"]!.stringValue!).verify([key]) }
        switch result {
        case .success(let sigs):
            #expect(valid, "\(v["name"]!.stringValue!) verified but should not")
            #expect(sigs.count == 1)
        case .failure:
            #expect(!valid, "\(v["name"]!.stringValue!) failed to verify")
        }
    }

    /// Go's test key: Ed25519 is deterministic, so signing the text must give the published signature byte for byte.
    @Test func signingWithTheGoTestKeyMatchesByteForByte() throws {
        let v = Self.vectors.first { $0["skey"] != nil }!
        let signer = try NoteSigner(parsing: v["skey"]!.stringValue!)
        #expect(signer.verifierKey.description == v["vkey"]!.stringValue!)
        #expect(signer.text == v["skey"]!.stringValue!)
        let note = try SignedNote(parsing: v["note"]!.stringValue!)
        #expect(try signer.sign(note.text) == v["note"]!.stringValue!)
    }

    @Test func unknownSignaturesAreIgnoredButABadKnownOneFails() throws {
        let v = Self.vectors.first { $0["name"]?.stringValue == "go-sumdb-note-two-signatures-one-known" }!
        let note = try SignedNote(parsing: v["note"]!.stringValue!)
        #expect(note.signatures.count == 2)
        let key = try NoteVerifierKey(parsing: v["vkey"]!.stringValue!)
        #expect(try note.verify([key]).map(\.name) == ["PeterNeumann"])
        var dup = note
        dup.signatures.append(note.signatures[0])
        #expect(throws: LedgerError.self) { try dup.verify([key]) }
        var wrong = note
        wrong.signatures[0] = SignedNote.Signature(name: "PeterNeumann", keyID: key.keyID, payload: Array(repeating: 7, count: 64))
        #expect(throws: LedgerError.self) { try wrong.verify([key]) }
        #expect(throws: LedgerError.self) { try note.verify([]) }
    }

    @Test func malformedNotesAreRefusedWithAReason() {
        for bad in [
            "no newline", "text\n", "text\n\n", "text\n\nnot a signature\n", "te\u{7}xt\n\n\u{2014} a AAAA\n",
            "text\n\n\u{2014} a !!!!\n"
        ] {
            #expect(throws: LedgerError.self, "\(bad.debugDescription)") { try SignedNote(parsing: bad) }
        }
        #expect(throws: LedgerError.self) { try NoteVerifierKey(parsing: "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") }
        #expect(throws: LedgerError.self) { try NoteVerifierKey(parsing: "a b+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") }
    }
}

@Suite struct CheckpointTextTests {
    @Test func sizesAreStrictDecimals() throws {
        let root = TreeHash.leaf([]).base64
        #expect(try Checkpoint(parsing: "a/b\n0\n\(root)\n").size == 0)
        #expect(try Checkpoint(parsing: "a/b\n12\n\(root)\next one\n").extensions == ["ext one"])
        for bad in ["a/b\n+1\n\(root)\n", "a/b\n01\n\(root)\n", "a/b\n1\nAAAA\n", "\n1\n\(root)\n", "a/b\n1\n\(root)\n\n", "a/b\n1\n\(root)"] {
            #expect(throws: LedgerError.self, "\(bad.debugDescription)") { try Checkpoint(parsing: bad) }
        }
        #expect(throws: LedgerError.self) { try WitnessRequest(parsing: "old +1\n\nx") }
        #expect(try WitnessRequest(parsing: "old 0\n\nnote\n").oldSize == 0)
    }
}
