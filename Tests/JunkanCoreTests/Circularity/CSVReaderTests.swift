import JunkanCore
import Testing

@Suite struct CSVReaderTests {
    @Test func recordsKeepTheLineTheyStartOn() throws {
        let text = "\u{FEFF}a,b\r\n\"x, y\",\"two\nlines\"\r\n\n\"say \"\"hi\"\"\",\r\n\"\"\nlast,row"
        let records = try CSVReader.records(text)
        #expect(
            records == [
                .init(line: 1, fields: ["a", "b"]),
                .init(line: 2, fields: ["x, y", "two\nlines"]),
                .init(line: 5, fields: ["say \"hi\"", ""]),
                .init(line: 6, fields: [""]),
                .init(line: 7, fields: ["last", "row"])
            ])
    }

    @Test func strayQuotesAreErrorsAtTheirLine() {
        #expect(throws: CSVReader.SyntaxError(line: 2, reason: "a quote inside an unquoted field (quote the whole field and double the quote)")) {
            try CSVReader.records("a,b\nab\"c,d\n")
        }
        #expect(throws: CSVReader.SyntaxError(line: 1, reason: "text after a closing quote (a quote inside a quoted field is written \"\")")) {
            try CSVReader.records("\"ab\"c,d\n")
        }
        #expect(throws: CSVReader.SyntaxError(line: 2, reason: "a quoted field is never closed")) {
            try CSVReader.records("a\n\"open,\nmore\n")
        }
    }

    /// Read as it arrives (issue 25, item 4): any cut into pieces, at a CR, a doubled quote or inside the byte-order
    /// mark, gives the same records and the same errors as the whole text.
    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func piecesGiveWhatTheWholeGives(pieceSize: Int) throws {
        let texts = [
            "\u{FEFF}a,b\r\n\"x, y\",\"two\nlines\"\r\n\n\"say \"\"hi\"\"\",\r\n\"\"\nlast,row",
            "a\rb,c\r\n\"q\"\"\"\r\nend", "\u{FEFF}", "\u{FE}x,y", "a,b\nab\"c,d\n", "a\n\"open,\nmore\n", "\"ab\"c,d\n"
        ]
        for text in texts {
            let whole = Result { () throws(CSVReader.SyntaxError) in try CSVReader.records(text) }
            let bytes = Array(text.utf8)
            var reader = CSVReader()
            var records: [CSVReader.Record] = []
            let pieces = Result { () throws(CSVReader.SyntaxError) -> [CSVReader.Record] in
                for start in stride(from: 0, to: bytes.count, by: pieceSize) {
                    try reader.feed(bytes[start..<min(bytes.count, start + pieceSize)]) { records.append($0) }
                }
                try reader.finish { records.append($0) }
                return records
            }
            #expect(pieces == whole, "\(text.debugDescription) in pieces of \(pieceSize)")
        }
    }

    @Test func escapeRoundTrips() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", "two\nlines", ""]
        let line = fields.map(CSVReader.escape).joined(separator: ",")
        #expect(try CSVReader.records(line).first?.fields == fields)
    }
}
