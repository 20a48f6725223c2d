public import JunkanCore
public import JunkanStore

/// A peer that offers its part of the trace graph only through the Dataspace Protocol (issue 28, item 3): registered
/// with the GS1 Company Prefixes its companies own (`junkan peer add URL --dsp --gs1-prefix P`). A walk that reaches one
/// of its lots negotiates the lot's events dataset (the lot and its upstream) as a DSP consumer, pulls it under the
/// agreement, and uses its events unverified, like a plain EPCIS peer's: nothing proves them but the agreement.
public enum DSPPeer {
    public static let type = "DSPPeer"

    /// Gets a lot's events dataset from a DSP provider: the EPCISQueryDocument pulled, or why not.
    public typealias Fetch = @Sendable (_ provider: String, _ lot: String) async throws -> [UInt8]

    /// The record `junkan peer add --dsp` keeps; its log origin is a placeholder that keeps the one-peer-per-log rule.
    public static func record(baseURL: String, prefixes: [String], now: Int64) -> Peer {
        let description = JSONObject([
            ("type", .string(type)), ("baseURL", .string(baseURL)), ("gs1Prefixes", .array(prefixes.map { .string($0) }))
        ])
        return Peer(
            baseURL: baseURL, logOrigin: "dsp:" + baseURL, logKey: "", didDocument: "", description: JSONWriter.string(.object(description)),
            addedAt: now)
    }
}
