/// Byte classes of ASCII, for the scanners that read UTF-8 bytes in place (JSON numbers, URI schemes, the event
/// hash's Digital Link pre-checks): one definition, so they cannot drift apart.
enum ASCII {
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
}
