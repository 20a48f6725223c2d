extension PythonNumber {
    /// `isShortInteger` of the bytes.
    static func isShortInteger(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count <= 16 else { return false }
        let digits = b.first == UInt8(ascii: "-") ? b.dropFirst() : b[...]
        return (1...15).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// `parseFloat`'s quick answers that the text is no float, for text starting and ending with visible ASCII.
    static func certainlyNotFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = b.first else { return false }
        if !mayStartFloat(first) { return true }
        let body = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? b.dropFirst() : b[...]
        if let lead = body.first, !mayStartWord(lead), !body.allSatisfy(isNumberByte) { return true }
        return false
    }
}
