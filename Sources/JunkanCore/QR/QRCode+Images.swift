import Foundation

/// The symbol as images, each with the four-module quiet zone ISO/IEC 18004 §6.3.8 asks for.
extension QRCode {
    public static let quietZone = 4

    /// SVG: one path of unit squares in a viewBox of modules, so it scales without blur.
    public func svg(title: String? = nil) -> String {
        let q = Self.quietZone, side = size + 2 * q
        var path = ""
        path.reserveCapacity(size * size * 4)
        for y in 0..<size {
            for x in 0..<size where modules[y][x] { path += "M\(x + q) \(y + q)h1v1h-1z" }
        }
        let label = title.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * 4)" height="\(side * 4)" \
            shape-rendering="crispEdges" role="img">\(label)<rect width="\(side)" height="\(side)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>
            """
    }

    /// PNG: 1-bit greyscale, `scale` pixels per module.
    public func png(scale: Int = 8) -> [UInt8] {
        let q = Self.quietZone, side = (size + 2 * q) * scale
        let rowBytes = (side + 7) / 8
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * side)
        for py in 0..<side {
            raw.append(0)  // filter type None
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            let y = py / scale - q
            if (0..<size).contains(y) {
                for px in 0..<side {
                    let x = px / scale - q
                    if (0..<size).contains(x) && modules[y][x] { row[px >> 3] &= ~(0x80 >> UInt8(px & 7)) }
                }
            }
            raw += row
        }
        return PNGWriter.greyscale1Bit(width: side, height: side, scanlines: raw)
    }
}

/// Enough PNG (ISO/IEC 15948) for a QR code: IHDR, one IDAT of a zlib stream of stored deflate blocks, IEND. Stored
/// blocks keep the writer short; a QR image is small either way.
enum PNGWriter {
    static func greyscale1Bit(width: Int, height: Int, scanlines: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
        chunk("IHDR", header, into: &out)
        chunk("IDAT", zlibStored(scanlines), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        out += bigEndian(UInt32(data.count))
        let body = Array(type.utf8) + data
        out += body
        out += bigEndian(crc32(body))
    }

    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let n = min(65535, data.count - start)
            let last: UInt8 = start + n == data.count ? 1 : 0
            out.append(last)
            out += [UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            out += data[start..<start + n]
            start += n
        } while start < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        out += bigEndian(b << 16 | a)
        return out
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
}
