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
}
