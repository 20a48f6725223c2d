/// Whether a file or body is XML rather than JSON, by its first character that is not whitespace (or a byte-order mark):
/// `<` for XML, `{` or `[` for JSON.
public enum EPCISXMLSniffer {
    public static func isXML(_ bytes: some Collection<UInt8>) -> Bool {
        for b in bytes.prefix(4096) {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue
            case UInt8(ascii: "<"): return true
            default: return false
            }
        }
        return false
    }
}
