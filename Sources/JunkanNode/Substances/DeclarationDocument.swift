public import Foundation
public import JunkanCore

/// A material declaration as sent: IEC 62474 XML (what chemSHERPA and other tools export). Checked before anything is
/// kept: a size bound, well-formed XML without DTDs (so no entity is expanded), a nesting bound (`LibXMLDocument`),
/// then the reader's own checks of every element it reads.
public enum DeclarationDocument {
    /// The largest document taken: a declaration of a product with thousands of parts is a few MB.
    public static let maxBytes = 16 << 20

    public static func read(_ bytes: UnsafeRawBufferPointer) throws(DeclarationError) -> MaterialDeclaration {
        guard bytes.count <= maxBytes else {
            throw DeclarationError(path: "/", "the document is \(bytes.count) bytes; a declaration is at most \(maxBytes) bytes")
        }
        let root: XMLElementNode
        do {
            let document = try LibXMLDocument(bytes)
            root = try document.root()
        } catch {
            throw DeclarationError(error.issues.map { .init(path: $0.element.map { "<\($0)>" } ?? "/", line: $0.line, reason: $0.message) })
        }
        return try IEC62474Reader.declaration(root)
    }

    public static func read(_ data: Data) throws(DeclarationError) -> MaterialDeclaration {
        let result = data.withUnsafeBytes { bytes in Result { () throws(DeclarationError) in try read(bytes) } }
        return try result.get()
    }

    /// The IEC 62474 declarations in a zip archive, as chemSHERPA writes them (`.shai` for articles, `.shci` for chemical
    /// products): each `.xml` entry read as a declaration, each problem prefixed with the entry's name. An archive with
    /// no XML entry, a damaged or hostile one (an entry inflating past `maxBytes`, more than 1,000 entries) is refused.
    public static func declarations(archive bytes: [UInt8]) throws(DeclarationError) -> [MaterialDeclaration] {
        guard bytes.count <= maxBytes else { throw DeclarationError(path: "/", "the archive is \(bytes.count) bytes; at most \(maxBytes)") }
        let entries: [ZipReader.Entry]
        do {
            entries = try ZipReader(bytes, maxEntryBytes: maxBytes).entries { $0.lowercased().hasSuffix(".xml") }
        } catch {
            throw DeclarationError(path: error.entry ?? "/", error.reason)
        }
        guard !entries.isEmpty else { throw DeclarationError(path: "/", "the archive holds no .xml declaration") }
        var read: [MaterialDeclaration] = []
        var issues: [DeclarationError.Issue] = []
        for entry in entries {
            do throws(DeclarationError) {
                read.append(try Self.read(Data(entry.bytes)))
            } catch {
                issues += error.issues.map { .init(path: entry.name + ": " + $0.path, line: $0.line, reason: $0.reason) }
            }
        }
        if !issues.isEmpty { throw DeclarationError(Array(issues.prefix(DeclarationError.limit))) }
        return read
    }

    /// Declarations in the CSV form (`MaterialDeclaration.declarations(csv:)`), from UTF-8 bytes.
    public static func declarations(csv bytes: [UInt8]) throws(DeclarationError) -> [MaterialDeclaration] {
        guard bytes.count <= maxBytes else { throw DeclarationError(path: "/", "the CSV is \(bytes.count) bytes; at most \(maxBytes)") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw DeclarationError(path: "/", "the CSV is not UTF-8 text") }
        return try MaterialDeclaration.declarations(csv: text)
    }

    /// Declarations in the JSON form: one object, or an array of up to 10,000 (each subject once); every problem is
    /// listed with its JSON pointer, and any problem refuses them all.
    public static func declarations(json: JSONValue) throws(DeclarationError) -> [MaterialDeclaration] {
        let items = json.arrayValue ?? [json]
        guard !items.isEmpty, items.count <= 10_000 else { throw DeclarationError(path: "/", "send 1 to 10,000 declarations, found \(items.count)") }
        var issues: [DeclarationError.Issue] = []
        var subjects: Set<String> = []
        var read: [MaterialDeclaration] = []
        for (i, item) in items.enumerated() {
            let at = json.arrayValue == nil ? "" : "/\(i)"
            do {
                let d = try MaterialDeclaration.decode(item)
                guard subjects.insert(d.subject).inserted else {
                    issues.append(.init(path: at + "/subject", reason: "\(d.subject) is declared twice in this body"))
                    continue
                }
                read.append(d)
            } catch {
                issues += error.issues.map { .init(path: at + ($0.path == "/" ? "" : $0.path), line: $0.line, reason: $0.reason) }
            }
            if issues.count >= DeclarationError.limit { break }
        }
        if !issues.isEmpty { throw DeclarationError(Array(issues.prefix(DeclarationError.limit))) }
        return read
    }
}
