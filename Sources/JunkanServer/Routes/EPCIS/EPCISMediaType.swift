/// The media types of the EPCIS XML binding (RFC 7303: `application/xml`, and `text/xml` which older EPCIS 1.x
/// clients send).
enum EPCISMediaType {
    static let xml: Set<String> = ["application/xml", "text/xml"]
    /// What query results are written in: JSON-LD (the default, and for an Accept that names none of these), or XML.
    static let queryResults = ["application/ld+json", "application/json", "application/xml", "text/xml"]
}
