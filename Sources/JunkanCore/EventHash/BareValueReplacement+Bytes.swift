extension BareValueReplacement {
    /// Whether calling this on the text could give something else (an expanded value ends in "-text" or "/text").
    func mayReplace(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        values.contains { x in
            let xs = x.utf8
            guard xs.count > b.count else { return false }
            let start = xs.index(xs.endIndex, offsetBy: -b.count)
            let before = xs[xs.index(before: start)]
            return (before == UInt8(ascii: "-") || before == UInt8(ascii: "/")) && xs[start...].elementsEqual(b)
        }
    }
}
