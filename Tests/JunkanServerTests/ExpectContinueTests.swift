import Foundation
import Hummingbird
import HummingbirdTesting
import JunkanCore
import JunkanNode
import JunkanServer
import JunkanStore
import JunkanTestSupport
import Testing

#if canImport(Glibc)
import Glibc
import JunkanSQLite
#endif

/// A client that sends `Expect: 100-continue` (curl does for bodies over 1 MB) gets `100 Continue` before it
/// sends the body, then the capture's own answer. Spoken over a raw socket: test clients never send the header.
@Suite struct ExpectContinueTests {
    @Test(.temporaryStore) func aCaptureWaitingForContinueGetsItThenItsAnswer() async throws {
        let tmp = try TemporaryStore.forTest()
        _ = try await tmp.organisation()
        let app = buildApplication(store: tmp.store, configuration: .init(port: 0))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let body = JSONWriter.string(SampleEvents.document((0..<3).map { SampleEvents.objectEvent($0) }))
            let (interim, final) = try await RawSocket.conversation(port: port) { socket in
                try socket.send(
                    "POST /capture HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer test-token\r\n"
                        + "Content-Type: application/ld+json\r\nContent-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
                // Before any body byte is sent: the interim answer (curl would wait a second for it).
                let interim = try socket.receive(until: "\r\n\r\n")
                try socket.send(body)
                return (interim, try socket.receive(until: "\r\n\r\n"))
            }
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(interim)")
            #expect(final.hasPrefix("HTTP/1.1 202 Accepted\r\n"), "\(final)")
            #expect(try await tmp.store.eventCount() == 3)
        }
    }

    @Test(.temporaryStore) func aRequestWithoutTheHeaderGetsNoInterimAnswer() async throws {
        let tmp = try TemporaryStore.forTest()
        let app = buildApplication(store: tmp.store, configuration: .init(port: 0))
        try await app.test(.live) { client in
            let head = try await RawSocket.conversation(port: try #require(client.port)) { socket in
                try socket.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                return try socket.receive(until: "\r\n\r\n")
            }
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(head)")
        }
    }
}

/// A blocking TCP connection to localhost with a 60-second receive timeout: a guard against a hang, not a measure of
/// speed (the PostgreSQL run of the whole suite, in parallel on two cores, has taken over 5 s to answer).
private struct RawSocket {
    /// Runs `talk` on a connection, on a Dispatch thread: blocking calls on the test's own (cooperative) thread
    /// could hold every thread the server's handlers need (this machine has two).
    static func conversation<T: Sendable>(port: Int, _ talk: @escaping @Sendable (RawSocket) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { done in
            DispatchQueue.global().async {
                done.resume(
                    with: Result {
                        let socket = try RawSocket(port: port)
                        defer { socket.close() }
                        return try talk(socket)
                    })
            }
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }
    let fd: Int32

    init(port: Int) throws {
        fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
    }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "send: \(errno)") }
            bytes = bytes.dropFirst(n)
        }
    }

    /// Bytes up to and including the first `marker` (one response head); fails on timeout or close.
    func receive(until marker: String) throws -> String {
        var received: [UInt8] = []
        var byte: UInt8 = 0
        while !String(decoding: received, as: UTF8.self).hasSuffix(marker) {
            guard Glibc.recv(fd, &byte, 1, 0) == 1 else {
                throw Failure(description: "no complete response head within 60 s; got \(String(decoding: received, as: UTF8.self).debugDescription)")
            }
            received.append(byte)
        }
        return String(decoding: received, as: UTF8.self)
    }

    func close() { _ = Glibc.close(fd) }
}
