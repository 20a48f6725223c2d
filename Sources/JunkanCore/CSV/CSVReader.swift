import Foundation

/// RFC 4180 CSV, read strictly: every record keeps the physical line it starts on, so an import can say "line 12"
/// even when an earlier field held a quoted line break. A stray or unterminated quote is an error at its line rather
/// than a silently merged field (hand-written rather than SwiftCSV or CSV.swift: neither reports line numbers, and
/// JunkanCore imports no packages but swift-crypto).
///
/// A `CSVReader` reads a file as it arrives (`feed` each piece, then `finish`): only the record being read is held,
/// so an import of any size costs the memory of its records, not of its text (issue 25, item 4).
public struct CSVReader: Sendable {
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

    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1, recordLine = 1
    private var quoted = false, wasQuoted = false, atFieldStart = true
    /// A line holding only "" is a record of one empty field, not a blank line.
    private var wasQuotedRecord = false
    /// A quote inside a quoted field, or a CR outside one, whose meaning the next byte decides (it may be in the next piece).
    private var pendingQuote = false, pendingCR = false
    /// Bytes of the file seen so far, for the UTF-8 byte-order mark (ignored at the start).
    private var offset = 0
    private var bom: [UInt8] = []
    /// Refuse a field that is not UTF-8 (its line says where), instead of reading it with replacement characters.
    private let strictUTF8: Bool

    public init(strictUTF8: Bool = false) { self.strictUTF8 = strictUTF8 }

    /// The records of `text`, blank lines skipped. A UTF-8 byte-order mark is ignored; CRLF and LF both end a record.
    public static func records(_ text: String) throws(SyntaxError) -> [Record] {
        var reader = CSVReader()
        var out: [Record] = []
        try reader.feed(Array(text.utf8)) { out.append($0) }
        try reader.finish { out.append($0) }
        return out
    }

    /// Reads the next piece of the file; `emit` gets each record completed in it.
    public mutating func feed(_ bytes: some Collection<UInt8>, _ emit: (Record) throws(SyntaxError) -> Void) throws(SyntaxError) {
        for b in bytes {
            if offset < 3 {
                offset += 1
                bom.append(b)
                if bom == Array([0xEF, 0xBB, 0xBF].prefix(bom.count)) {
                    if bom.count == 3 { bom = [] }
                    continue
                }
                // Not a byte-order mark after all: what was held back is ordinary text.
                let held = bom
                bom = []
                offset = 3
                for h in held { try step(h, emit) }
                continue
            }
            try step(b, emit)
        }
    }

    /// The records completed by the next piece of the file; `final`: it is the last piece (as `finish`).
    public mutating func records(_ bytes: some Collection<UInt8>, final: Bool) throws(SyntaxError) -> [Record] {
        var out: [Record] = []
        try feed(bytes) { out.append($0) }
        if final { try finish { out.append($0) } }
        return out
    }

    /// The end of the file: the last record (without a final line break), or the error of a quote never closed.
    public mutating func finish(_ emit: (Record) throws(SyntaxError) -> Void) throws(SyntaxError) {
        if !bom.isEmpty {
            let held = bom
            bom = []
            for h in held { try step(h, emit) }
        }
        if pendingQuote {
            pendingQuote = false
            quoted = false
            wasQuoted = true
        }
        if pendingCR {
            pendingCR = false
            try plain(UInt8(ascii: "\r"), emit)
        }
        if quoted { throw SyntaxError(line: recordLine, reason: "a quoted field is never closed") }
        if !(fields.isEmpty && field.isEmpty && atFieldStart) { try endRecord(emit) }
    }

    private mutating func step(_ b: UInt8, _ emit: (Record) throws(SyntaxError) -> Void) throws(SyntaxError) {
        if pendingQuote {
            pendingQuote = false
            if b == UInt8(ascii: "\"") {
                field.append(b)  // "" inside a quoted field
                return
            }
            quoted = false
            wasQuoted = true
        }
        if pendingCR {
            pendingCR = false
            if b == UInt8(ascii: "\n") {
                try plain(b, emit)  // CRLF: the LF ends the record
                return
            }
            try plain(UInt8(ascii: "\r"), emit)
        }
        if quoted {
            if b == UInt8(ascii: "\"") {
                pendingQuote = true
            } else {
                if b == UInt8(ascii: "\n") { line += 1 }
                field.append(b)
            }
            return
        }
        if b == UInt8(ascii: "\r") {
            pendingCR = true
            return
        }
        try plain(b, emit)
    }

    /// A byte outside quotes (a CR here is one not followed by LF: field text).
    private mutating func plain(_ b: UInt8, _ emit: (Record) throws(SyntaxError) -> Void) throws(SyntaxError) {
        switch b {
        case UInt8(ascii: ","):
            try endField()
        case UInt8(ascii: "\n"):
            try endRecord(emit)
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

    private mutating func endField() throws(SyntaxError) {
        // A field's bytes lie between ASCII delimiters, so no UTF-8 sequence is ever split between two fields.
        if strictUTF8 {
            guard let text = String(validating: field, as: UTF8.self) else { throw SyntaxError(line: line, reason: "the file is not UTF-8 text") }
            fields.append(text)
        } else {
            fields.append(String(decoding: field, as: UTF8.self))
        }
        field.removeAll(keepingCapacity: true)
        wasQuoted = false
        atFieldStart = true
    }

    private mutating func endRecord(_ emit: (Record) throws(SyntaxError) -> Void) throws(SyntaxError) {
        try endField()
        let record = fields
        fields.removeAll()
        let quotedRecord = wasQuotedRecord
        wasQuotedRecord = false
        if !(record.count == 1 && record[0].isEmpty && !quotedRecord) { try emit(Record(line: recordLine, fields: record)) }
    }

    /// One field as CSV writes it: quoted when it holds a comma, quote or line break (RFC 4180 §2.6–2.7).
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
