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

    @Test func escapeRoundTrips() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", "two\nlines", ""]
        let line = fields.map(CSVReader.escape).joined(separator: ",")
        #expect(try CSVReader.records(line).first?.fields == fields)
    }
}
