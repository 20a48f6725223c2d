import Foundation

/// RFC 4180 CSV, read strictly: every record keeps the physical line it starts on, so an import can say "line 12"
/// even when an earlier field held a quoted line break. A stray or unterminated quote is an error at its line rather
/// than a silently merged field (hand-written rather than SwiftCSV or CSV.swift: neither reports line numbers, and
/// JunkanCore imports no packages but swift-crypto).
public enum CSVReader {
    public struct Record: Sendable, Equatable {
        /// 1-based line of the file on which the record starts.
        public var line: Int
        public var fields: [String]
        public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
    }

    public struct SyntaxError: Error, Sendable, Equatable {
        public var line: Int
        public var reason: String
        public init(line: Int, reason: String) { self.line = line; self.reason = reason }
    }

    /// The records of `text`, blank lines skipped. A UTF-8 byte-order mark is ignored; CRLF and LF both end a record.
    public static func records(_ text: String) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false, atFieldStart = true
        var wasQuotedRecord = false  // a line holding only "" is a record of one empty field, not a blank line
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            atFieldStart = true
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuotedRecord) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll()
            wasQuotedRecord = false
        }

        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        quoted = false
                        wasQuoted = true
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\r") where i + 1 < bytes.endIndex && bytes[i + 1] == UInt8(ascii: "\n"):
                    break  // the LF that follows ends the record
                case UInt8(ascii: "\n"):
                    endRecord()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\""):
                    guard atFieldStart else {
                        throw SyntaxError(
                            line: line,
                            reason: wasQuoted
                                ? "text after a closing quote (a quote inside a quoted field is written \"\")"
                                : "a quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    quoted = true
                    wasQuotedRecord = true
                default:
                    if wasQuoted { throw SyntaxError(line: line, reason: "text after a closing quote (a quote inside a quoted field is written \"\")") }
                    field.append(b)
                }
                if b != UInt8(ascii: ",") && b != UInt8(ascii: "\n") && b != UInt8(ascii: "\r") { atFieldStart = false }
            }
            i += 1
        }
        if quoted { throw SyntaxError(line: recordLine, reason: "a quoted field is never closed") }
        if !(fields.isEmpty && field.isEmpty && atFieldStart) { endRecord() }
        return records
    }

    /// One field as CSV writes it: quoted when it holds a comma, quote or line break (RFC 4180 §2.6–2.7).
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
