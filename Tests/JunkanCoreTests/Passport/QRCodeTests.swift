import Testing

@testable import JunkanCore

/// The QR encoder's parts against ISO/IEC 18004 (that real decoders read the whole symbol is checked by
/// scripts/check-passport.sh with zbarimg).
@Suite struct QRCodeTests {
    /// ISO/IEC 18004 Annex I: "01234567" at 1-M; its 16 data codewords and their 10 error-correction codewords.
    @Test func reedSolomonMatchesTheStandardsWorkedExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10)) == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// Table 7's byte-mode capacities: 14 bytes fit 1-M, 2,331 fit 40-M, 2,953 fit 40-L.
    @Test func smallestVersionThatHoldsTheText() throws {
        #expect(try QRCode(text: String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(text: String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(text: String(repeating: "a", count: 2331)).version == 40)
        #expect(try QRCode(text: String(repeating: "a", count: 2953), errorCorrection: .low).version == 40)
        #expect(throws: QRCode.Failure.tooLong(bytes: 2332, max: 2331)) { try QRCode(text: String(repeating: "a", count: 2332)) }
    }

    @Test func alignmentPatternCentresOfAnnexE() {
        #expect(QRTables.alignmentPositions(version: 1) == [])
        #expect(QRTables.alignmentPositions(version: 7) == [6, 22, 38])
        #expect(QRTables.alignmentPositions(version: 32) == [6, 34, 60, 86, 112, 138])
        #expect(QRTables.alignmentPositions(version: 40) == [6, 30, 58, 86, 114, 142, 170])
    }

    /// Every version's codewords fill its data area exactly (Table 1: total codewords).
    @Test func codewordCountsAddUp() {
        #expect(QRCode.rawDataModules(version: 1) / 8 == 26 && QRCode.rawDataModules(version: 40) / 8 == 3706)
        for v in 1...40 {
            for ecl in QRCode.ErrorCorrection.allCases {
                let blocks = QRTables.errorCorrectionBlocks[ecl.rawValue][v]
                #expect(
                    QRCode.dataCodewords(version: v, ecl: ecl) + blocks * QRTables.eccCodewordsPerBlock[ecl.rawValue][v] == QRCode.rawDataModules(version: v)
                        / 8)
            }
        }
    }

    /// Finder patterns in three corners, timing patterns, the dark module, and format information that decodes to the
    /// level and mask used (§7.9: BCH(15,5), masked with 101010000010010).
    @Test func functionPatternsAndFormatInformation() throws {
        let code = try QRCode(text: "https://id.gs1.org/01/04912345000071/21/NB24A0001", errorCorrection: .quartile)
        let m = code.modules, n = code.size
        for (x, y) in [(0, 0), (n - 7, 0), (0, n - 7)] {
            #expect(m[y][x] && m[y + 6][x + 6] && !m[y + 1][x + 1] && m[y + 3][x + 3])
        }
        #expect((8..<(n - 8)).allSatisfy { m[6][$0] == ($0 % 2 == 0) && m[$0][6] == ($0 % 2 == 0) })
        #expect(m[n - 8][8])
        var bits = 0
        for i in 0...5 { bits |= (m[i][8] ? 1 : 0) << i }
        bits |= (m[7][8] ? 1 : 0) << 6 | (m[8][8] ? 1 : 0) << 7 | (m[8][7] ? 1 : 0) << 8
        for i in 9..<15 { bits |= (m[8][14 - i] ? 1 : 0) << i }
        let data = (bits ^ 0x5412) >> 10
        #expect(data >> 3 == QRCode.ErrorCorrection.quartile.formatBits && data & 7 == code.mask)
    }

    @Test func pngAndSVGCarryTheSymbolWithAQuietZone() throws {
        let code = try QRCode(text: "https://id.gs1.org/01/04912345000071")
        let png = code.png(scale: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let side = (code.size + 8) * 2
        #expect(Array(png[16..<24]) == PNGWriter.bigEndian(UInt32(side)) + PNGWriter.bigEndian(UInt32(side)))
        #expect(PNGWriter.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        let svg = code.svg(title: "a <link>")
        #expect(svg.contains("viewBox=\"0 0 \(code.size + 8) \(code.size + 8)\"") && svg.contains("<title>a &lt;link&gt;</title>"))
    }
}
