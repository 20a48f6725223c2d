/// An EPCIS 2.0 event (GS1 EPCIS 2.0 §7.4): the five event types share one value type; which
/// fields an event may carry depends on `type` and is checked when decoding.
public struct EPCISEvent: Sendable, Equatable {
    public enum EventType: String, Sendable, CaseIterable {
        case objectEvent = "ObjectEvent"
        case aggregationEvent = "AggregationEvent"
        case transformationEvent = "TransformationEvent"
        case associationEvent = "AssociationEvent"
        case transactionEvent = "TransactionEvent"
    }

    public enum Action: String, Sendable, CaseIterable { case add = "ADD", observe = "OBSERVE", delete = "DELETE" }

    public struct QuantityElement: Sendable, Equatable {
        public var epcClass: String
        public var quantity: JSONNumber?
        public var uom: String?
        public init(epcClass: String, quantity: JSONNumber? = nil, uom: String? = nil) {
            self.epcClass = epcClass; self.quantity = quantity; self.uom = uom
        }
    }

    public struct BizTransaction: Sendable, Equatable {
        public var type: String?
        public var bizTransaction: String
    }

    /// A source or destination (CBV 2.0 §7.4: owning_party, possessing_party, location).
    public struct SourceDestination: Sendable, Equatable {
        public var type: String
        public var id: String
    }

    /// readPoint / bizLocation: an identifier plus any user extensions.
    public struct Location: Sendable, Equatable {
        public var id: String
        public var extensions: JSONObject
    }

    public struct PersistentDisposition: Sendable, Equatable {
        public var set: [String]
        public var unset: [String]
    }

    public struct ErrorDeclaration: Sendable, Equatable {
        public var declarationTime: String
        public var reason: String?
        public var correctiveEventIDs: [String]
        public var extensions: JSONObject
    }

    /// A sensorElement: metadata and reports are kept as JSON objects (checked field by field on
    /// decoding), because their 30-odd optional fields are read, not computed on.
    public struct SensorElement: Sendable, Equatable {
        public var sensorMetadata: JSONObject?
        public var sensorReport: [JSONObject]
        public var extensions: JSONObject
    }

    public var type: EventType
    public var eventID: String?
    public var eventTime: String
    public var eventTimeZoneOffset: String
    public var recordTime: String?
    public var certificationInfo: [String]
    public var errorDeclaration: ErrorDeclaration?

    public var action: Action?
    public var parentID: String?
    public var epcList: [String]
    public var childEPCs: [String]
    public var inputEPCList: [String]
    public var outputEPCList: [String]
    public var quantityList: [QuantityElement]
    public var childQuantityList: [QuantityElement]
    public var inputQuantityList: [QuantityElement]
    public var outputQuantityList: [QuantityElement]
    public var transformationID: String?

    public var bizStep: String?
    public var disposition: String?
    public var persistentDisposition: PersistentDisposition?
    public var readPoint: Location?
    public var bizLocation: Location?
    public var bizTransactionList: [BizTransaction]
    public var sourceList: [SourceDestination]
    public var destinationList: [SourceDestination]
    public var sensorElementList: [SensorElement]
    public var ilmd: JSONObject?
    /// User extension members of the event (namespaced keys), in document order.
    public var extensions: JSONObject
    /// The event's own `@context`, when it has one.
    public var context: JSONValue?

    public init(type: EventType, eventTime: String, eventTimeZoneOffset: String) {
        self.type = type
        self.eventTime = eventTime
        self.eventTimeZoneOffset = eventTimeZoneOffset
        certificationInfo = []
        epcList = []; childEPCs = []; inputEPCList = []; outputEPCList = []
        quantityList = []; childQuantityList = []; inputQuantityList = []; outputQuantityList = []
        bizTransactionList = []; sourceList = []; destinationList = []; sensorElementList = []
        extensions = JSONObject()
    }

    /// Every EPC and EPC class the event touches, with its role: what the store indexes for MATCH_ queries.
    public var touchedIdentifiers: [(role: IdentifierRole, id: String)] {
        var out: [(IdentifierRole, String)] = []
        for e in epcList { out.append((.epc, e)) }
        if let p = parentID { out.append((.parent, p)) }
        for e in childEPCs { out.append((.child, e)) }
        for e in inputEPCList { out.append((.input, e)) }
        for e in outputEPCList { out.append((.output, e)) }
        for q in quantityList { out.append((.epcClass, q.epcClass)) }
        for q in childQuantityList { out.append((.childClass, q.epcClass)) }
        for q in inputQuantityList { out.append((.inputClass, q.epcClass)) }
        for q in outputQuantityList { out.append((.outputClass, q.epcClass)) }
        return out
    }

    public enum IdentifierRole: String, Sendable, CaseIterable {
        case epc, parent, child, input, output
        case epcClass = "class", childClass = "childClass", inputClass = "inputClass", outputClass = "outputClass"
    }
}
