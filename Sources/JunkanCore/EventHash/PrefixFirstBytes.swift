/// First bytes of a set of declared prefixes ("cbv", "example", …): a string starting with any other byte has none
/// of them before its colon, which is most strings of an event ("urn:epc:…", "https://…"), known without a lookup.
/// An empty prefix is recorded under ':'.
struct PrefixFirstBytes: Sendable {
    private var starts = [Bool](repeating: false, count: 256)

    init(_ prefixes: some Sequence<String>) {
        for p in prefixes { starts[Int(p.utf8.first ?? UInt8(ascii: ":"))] = true }
    }

    func mayStart(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        return starts[Int(first)]
    }

    func mayStart(byte: UInt8) -> Bool { starts[Int(byte)] }
}
