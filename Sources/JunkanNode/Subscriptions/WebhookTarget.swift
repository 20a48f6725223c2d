import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a subscription may deliver: an `http` or `https` URL with a host, and — unless the node allows private
/// webhooks (`junkan serve --allow-private-webhooks`) — a host whose every address is public, so a subscriber cannot
/// make the node post into its own network (loopback, RFC 1918, link-local, unique-local, CGNAT, multicast). The host is
/// resolved when the subscription is made and again before each delivery (a name may come to point elsewhere).
public enum WebhookTarget {
    /// Why `dest` is refused, or nil when it may be used.
    public static func refusal(_ dest: String, allowPrivate: Bool) -> String? {
        guard let url = URLComponents(string: dest), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return "dest must be an http or https URL, not \"\(dest)\""
        }
        guard let host = url.host, !host.isEmpty else { return "dest \"\(dest)\" names no host" }
        if url.user != nil || url.password != nil { return "dest must not carry credentials in its URL" }
        if allowPrivate { return nil }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let addresses = resolve(bare)
        guard !addresses.isEmpty else { return "dest host \(host) does not resolve" }
        if let inside = addresses.first(where: isPrivate) {
            return "dest host \(host) is a private or loopback address (\(inside)); this node delivers only to public addresses"
        }
        return nil
    }

    /// The numeric addresses a host name (or literal) resolves to.
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var out: [String] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let a = p {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(a.pointee.ai_addr, a.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                out.append(String(cString: buffer))
            }
            p = a.pointee.ai_next
        }
        return out
    }

    /// Loopback, private, link-local, shared (CGNAT), unspecified, multicast or broadcast (IPv4, and IPv6 with its
    /// mapped IPv4 addresses).
    static func isPrivate(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let b = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            return privateV4(b)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else { return true }
        let b = withUnsafeBytes(of: v6) { Array($0) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xff && b[11] == 0xff { return privateV4(Array(b[12..<16])) }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
        if b[0] & 0xfe == 0xfc { return true }  // fc00::/7 unique local
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return true }  // fe80::/10 link local
        if b[0] == 0xff { return true }  // multicast
        return false
    }

    static func privateV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (100, 64...127): return true
        case (169, 254): return true
        case (172, 16...31): return true
        case (192, 168): return true
        case (224...255, _): return true
        default: return false
        }
    }
}
