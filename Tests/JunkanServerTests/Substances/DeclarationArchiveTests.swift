import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanTestSupport
import Testing

/// chemSHERPA's archives (`.shai`, `.shci`: zip archives of IEC 62474 XML). The archives are written by Python's zipfile
/// (an independent implementation of the format), then damaged or made hostile by hand where a test needs it.
@Suite struct DeclarationArchiveTests {
    /// A zip of `files` (name, text, deflated or stored), written by Python's zipfile.
    static func zip(_ files: [(name: String, text: String, deflate: Bool)]) throws -> [UInt8] {
        let script = """
            import base64, io, json, sys, zipfile
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as z:
                for name, text, deflate in json.load(sys.stdin):
                    z.writestr(name, base64.b64decode(text), zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED)
            sys.stdout.buffer.write(out.getvalue())
            """
        let input = JSONWriter.string(.array(files.map { .array([.string($0.name), .string(Data($0.text.utf8).base64EncodedString()), .bool($0.deflate)]) }))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let bytes = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        precondition(p.terminationStatus == 0, "python3 zipfile failed")
        return Array(bytes)
    }

    static func issues(_ body: () throws -> Any) -> [String] {
        do {
            _ = try body()
            return []
        } catch let error as DeclarationError {
            return error.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// The offset of the first central directory entry.
    static func centralDirectory(_ zip: [UInt8]) -> Int {
        (0..<(zip.count - 4)).first { zip[$0] == 0x50 && zip[$0 + 1] == 0x4b && zip[$0 + 2] == 0x01 && zip[$0 + 3] == 0x02 }!
    }

    @Test func anArchivesXMLEntriesAreItsDeclarations() throws {
        let archive = try Self.zip([
            ("readme.txt", "not a declaration", true), ("keyboard.xml", DeclarationDocumentTests.keyboard, true),
            (
                "stored/KEYBOARD2.XML",
                DeclarationDocumentTests.keyboard.replacingOccurrences(of: "identity=\"4912345000057\"", with: "identity=\"4912345000064\""), false
            )
        ])
        let read = try DeclarationDocument.declarations(archive: archive)
        #expect(read.map(\.subject) == ["https://id.gs1.org/01/04912345000057", "https://id.gs1.org/01/04912345000064"])
        #expect(read[0] == (try DeclarationDocument.read(Data(DeclarationDocumentTests.keyboard.utf8))))
    }

    @Test func aBadEntryIsNamedAndRefusesTheArchive() throws {
        let wrong = DeclarationDocumentTests.keyboard.replacingOccurrences(of: "http://std.iec.ch/iec62474", with: "http://example.com/x")
        let archive = try Self.zip([("a.xml", DeclarationDocumentTests.keyboard, true), ("b.xml", wrong, true)])
        let found = Self.issues { try DeclarationDocument.declarations(archive: archive) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("line 2, b.xml: ") == true, "\(found)")
        #expect(
            Self.issues { try DeclarationDocument.declarations(archive: try Self.zip([("a.txt", "x", true)])) } == ["/: the archive holds no .xml declaration"])
    }

    @Test func damagedAndHostileArchivesAreRefused() throws {
        let good = try Self.zip([("a.xml", DeclarationDocumentTests.keyboard, true)])
        #expect(Self.issues { try DeclarationDocument.declarations(archive: Array("<Main/>".utf8)) }.first?.contains("not a zip archive") == true)
        #expect(Self.issues { try DeclarationDocument.declarations(archive: Array(good.prefix(good.count - 30))) }.first?.contains("not a zip archive") == true)
        // A byte of the deflated data changed: zlib or the CRC-32 says so.
        var flipped = good
        flipped[30 + 5 + 40] ^= 0x55
        #expect(Self.issues { try DeclarationDocument.declarations(archive: flipped) }.first.map { $0.contains("damaged") } == true)
        // Marked encrypted in the central directory.
        var encrypted = good
        encrypted[Self.centralDirectory(good) + 8] |= 1
        #expect(Self.issues { try DeclarationDocument.declarations(archive: encrypted) } == ["a.xml: the entry is encrypted"])
        // A bomb: 20 MiB of spaces deflate to a few kB; the header's size refuses it before inflating.
        let bomb = try Self.zip([("bomb.xml", String(repeating: " ", count: 20 << 20), true)])
        #expect(bomb.count < 100_000)
        #expect(Self.issues { try DeclarationDocument.declarations(archive: bomb) }.first?.contains("at most 16777216 are read") == true)
        // The same bomb whose header lies about its size: the inflate stops at the bound.
        var lying = bomb
        let cd = Self.centralDirectory(bomb)
        for (i, b) in [0x10, 0x00, 0x00, 0x00].enumerated() { lying[cd + 24 + i] = UInt8(b) }
        #expect(Self.issues { try DeclarationDocument.declarations(archive: lying) } == ["bomb.xml: it inflates past 16777216 bytes"])
    }

    @Test(.temporaryStore) func theRouteTakesAnArchive() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let archive = try Self.zip([("keyboard.xml", DeclarationDocumentTests.keyboard, true)])
        try await tmp.application().test(.router) { client in
            let status = try await client.execute(
                uri: "/substances/declarations", method: .post, headers: [.authorization: "Bearer test-token", .contentType: "application/zip"],
                body: ByteBuffer(bytes: archive)
            ) { $0.status }
            #expect(status == .created)
            let answer = try await client.execute(uri: "/substances/compliance?id=04912345000057&list=eu-rohs", method: .get) {
                try JSONParser.parse(Array($0.body.readableBytesView))
            }
            #expect(answer.objectValue?["declarations"]?.arrayValue?.first?.objectValue?["format"] == "iec62474-zip")
        }
    }
}
