/// An EPCIS capture document in XML around `events` (each event's lines as written, so a test knows their numbers:
/// the first event starts on line 5).
enum XMLTestDocument {
    static func capture(_ events: String, namespace: String = "urn:epcglobal:epcis:xsd:2", schemaVersion: String = "2.0") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <epcis:EPCISDocument xmlns:epcis="\(namespace)" xmlns:ex="https://ns.example.com/epcis/" schemaVersion="\(schemaVersion)" creationDate="2024-01-01T00:00:00Z">
          <EPCISBody>
            <EventList>
        \(events)
            </EventList>
          </EPCISBody>
        </epcis:EPCISDocument>
        """
    }
}
