extension String {
    /// Whether the UTF-8 bytes contain `byte` (a pointer scan; the UTF8View iterator is slower in hot loops).
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// Whether the UTF-8 bytes start with `prefix`, compared byte by byte (`hasPrefix` compares Characters).
    func hasBytePrefix(_ prefix: StaticString) -> Bool {
        let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return utf8.withContiguousStorageIfAvailable { $0.hasPrefix(bytes: p) } ?? utf8.starts(with: p)
    }

    /// Byte-wise substring test (Foundation's `contains` goes through CFString and is slow in hot loops).
    func containsBytes(_ needle: String) -> Bool {
        var found = false
        utf8.withContiguousStorageIfAvailable { hay in
            needle.utf8.withContiguousStorageIfAvailable { nd in
                guard nd.count > 0, nd.count <= hay.count else { found = nd.count == 0; return }
                let first = nd[0]
                var i = 0
                let last = hay.count - nd.count
                while i <= last {
                    if hay[i] == first {
                        var k = 1
                        while k < nd.count && hay[i + k] == nd[k] { k += 1 }
                        if k == nd.count { found = true; return }
                    }
                    i += 1
                }
            }
        } ?? { found = self.utf8.count >= needle.utf8.count && Array(self.utf8).firstRange(of: Array(needle.utf8)) != nil }()
        return found
    }
}

extension String.UTF8View {
    /// Whether `needle` (lowercase ASCII letters only) occurs in these bytes, compared without case.
    func containsASCIICaseInsensitive(_ needle: StaticString) -> Bool {
        let nd = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        func search(_ hay: UnsafeBufferPointer<UInt8>) -> Bool {
            guard hay.count >= nd.count else { return false }
            for i in 0...(hay.count - nd.count) {
                var k = 0
                // `| 0x20` lowercases an ASCII letter; the needle has only letters, so nothing else can match.
                while k < nd.count, hay[i + k] | 0x20 == nd[k] { k += 1 }
                if k == nd.count { return true }
            }
            return false
        }
        return withContiguousStorageIfAvailable(search) ?? Array(self).withUnsafeBufferPointer(search)
    }
}
