extension RandomAccessCollection<UInt8> where Index == Int {
    /// `starts(with:)` by index. The generic `starts(with:)` steps two iterators and was a few per cent of hashing in
    /// profiles, where every value is tested against a handful of prefixes.
    @inline(__always) func hasPrefix(bytes prefix: some RandomAccessCollection<UInt8>) -> Bool {
        guard count >= prefix.count else { return false }
        var i = startIndex
        for c in prefix {
            if self[i] != c { return false }
            i += 1
        }
        return true
    }

    @inline(__always) func hasPrefix(_ prefix: StaticString) -> Bool {
        hasPrefix(bytes: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    }
}
