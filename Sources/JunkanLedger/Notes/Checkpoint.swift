/// C2SP tlog-checkpoint body: origin line, tree size, base64 root hash, then optional extension lines.
public struct Checkpoint: Sendable, Equatable {
    public let origin: String
    public let size: UInt64
    public let root: TreeHash
    public let extensions: [String]

    public init(origin: String, size: UInt64, root: TreeHash, extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    public var text: String {
        "\(origin)\n\(size)\n\(root.base64)\n" + extensions.map { $0 + "\n" }.joined()
    }

    public init(parsing text: String) throws(LedgerError) {
        guard text.hasSuffix("\n") else { throw .malformedCheckpoint("checkpoint text must end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { throw .malformedCheckpoint("a checkpoint has an origin, a size and a root hash") }
        guard !lines[0].isEmpty else { throw .malformedCheckpoint("empty origin line") }
        let sizeText = lines[1]
        guard let size = ASCIIDecimal.parse(sizeText) else {
            throw .malformedCheckpoint("tree size \"\(sizeText)\" is not a decimal without leading zeros")
        }
        let root: TreeHash
        do { root = try TreeHash(base64: lines[2], what: "checkpoint root") } catch {
            throw .malformedCheckpoint("root hash: \(error)")
        }
        let ext = lines.dropFirst(3).map(String.init)
        guard !ext.contains(where: \.isEmpty) else { throw .malformedCheckpoint("empty extension line") }
        self.init(origin: String(lines[0]), size: size, root: root, extensions: ext)
    }

    /// Parses a signed checkpoint and checks it carries a valid signature by the log key. (The origin need not be
    /// the key's name — sum.golang.org's is not — so callers that follow a log compare origins themselves.)
    public static func open(_ note: String, logKey: NoteVerifierKey) throws(LedgerError) -> (Checkpoint, SignedNote) {
        let signed = try SignedNote(parsing: note)
        let checkpoint = try Checkpoint(parsing: signed.text)
        try signed.verify([logKey])
        return (checkpoint, signed)
    }
}
