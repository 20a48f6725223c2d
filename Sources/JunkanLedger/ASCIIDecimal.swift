/// Sizes and indexes in notes, checkpoints, proofs and witness requests: ASCII digits only, no sign, no leading
/// zeros (unless the number is 0). (`UInt64("+5")` would accept a sign.)
enum ASCIIDecimal {
    static func parse(_ text: some StringProtocol) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), text == "0" || text.first != "0" else { return nil }
        return UInt64(text)
    }
}
