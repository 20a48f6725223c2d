/// The Dataspace Protocol 2025-1 messages Junkan sends, as JSON (compact JSON-LD under the DSP context). Each is built
/// here only, so every one can be checked against the fixture schemas in one place (scripts/check-dataspace.py).
public enum DSPWire {
    /// A message of `type` with its members, the DSP context first.
    public static func message(_ type: String, _ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject([("@context", .array([.string(DSPMessage.context)])), ("@type", .string(type))] + members))
    }

    static func pids(_ providerPid: String, _ consumerPid: String) -> [(String, JSONValue)] {
        [("providerPid", .string(providerPid)), ("consumerPid", .string(consumerPid))]
    }

    static func codeAndReasons(_ code: String?, _ reasons: [String]) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        if let code { out.append(("code", .string(code))) }
        if !reasons.isEmpty { out.append(("reason", .array(reasons.map { .string($0) }))) }
        return out
    }

    /// The DID document's service entries of a connector at `baseURL`: `CatalogService` (the catalog protocol's root,
    /// `<it>/request` answers catalog requests) and `DataService` (its `/.well-known/dspace-version`).
    public static func didServices(did: String, baseURL: String) -> JSONValue {
        .array([
            .object(
                JSONObject([("id", .string(did + "#dsp-catalog")), ("type", .string("CatalogService")), ("serviceEndpoint", .string(baseURL + "/dsp/catalog"))])
            ),
            .object(
                JSONObject([
                    ("id", .string(did + "#dsp")), ("type", .string("DataService")),
                    ("serviceEndpoint", .string(baseURL + "/.well-known/dspace-version"))
                ]))
        ])
    }

    /// `/.well-known/dspace-version` of a connector whose endpoints are under `path`, authenticated with did:web keys.
    public static func versions(path: String, serviceID: String) -> JSONValue {
        .object(
            JSONObject([
                (
                    "protocolVersions",
                    .array([
                        .object(
                            JSONObject([
                                ("version", .string(DSPMessage.version)), ("path", .string(path)), ("binding", .string("HTTPS")),
                                ("serviceId", .string(serviceID)), ("identifierType", .string("did:web"))
                            ]))
                    ])
                )
            ]))
    }

    // MARK: Catalog

    public static func catalogRequest() -> JSONValue { message("CatalogRequestMessage", [("filter", .array([]))]) }

    public static func datasetRequest(_ id: String) -> JSONValue { message("DatasetRequestMessage", [("dataset", .string(id))]) }

    public static func catalogError(code: String, reasons: [String]) -> JSONValue { message("CatalogError", codeAndReasons(code, reasons)) }

    // MARK: Contract negotiation

    public static func negotiation(providerPid: String, consumerPid: String, state: DSPNegotiationState) -> JSONValue {
        message("ContractNegotiation", pids(providerPid, consumerPid) + [("state", .string(state.rawValue))])
    }

    /// A consumer's request for `offer` (with its target), opening a negotiation when `providerPid` is nil.
    public static func contractRequest(consumerPid: String, providerPid: String?, offer: JSONValue, callbackAddress: String) -> JSONValue {
        var members: [(String, JSONValue)] = [("consumerPid", .string(consumerPid))]
        if let providerPid { members.append(("providerPid", .string(providerPid))) }
        members += [("offer", offer), ("callbackAddress", .string(callbackAddress))]
        return message("ContractRequestMessage", members)
    }

    public static func agreement(providerPid: String, consumerPid: String, agreement: ODRLPolicy) -> JSONValue {
        message("ContractAgreementMessage", pids(providerPid, consumerPid) + [("agreement", agreement.json)])
    }

    public static func verification(providerPid: String, consumerPid: String) -> JSONValue {
        message("ContractAgreementVerificationMessage", pids(providerPid, consumerPid))
    }

    /// `ACCEPTED` (a consumer accepts the provider's offer) or `FINALIZED` (the provider finalizes the agreement).
    public static func negotiationEvent(providerPid: String, consumerPid: String, eventType: String) -> JSONValue {
        message("ContractNegotiationEventMessage", pids(providerPid, consumerPid) + [("eventType", .string(eventType))])
    }

    public static func negotiationTermination(providerPid: String, consumerPid: String, code: String?, reasons: [String]) -> JSONValue {
        message("ContractNegotiationTerminationMessage", pids(providerPid, consumerPid) + codeAndReasons(code, reasons))
    }

    public static func negotiationError(providerPid: String, consumerPid: String, code: String, reasons: [String]) -> JSONValue {
        message("ContractNegotiationError", pids(providerPid, consumerPid) + codeAndReasons(code, reasons))
    }

    // MARK: Transfer process

    public static func transferProcess(providerPid: String, consumerPid: String, state: DSPTransferState) -> JSONValue {
        message("TransferProcess", pids(providerPid, consumerPid) + [("state", .string(state.rawValue))])
    }

    public static func transferRequest(consumerPid: String, agreementID: String, format: String, callbackAddress: String) -> JSONValue {
        message(
            "TransferRequestMessage",
            [
                ("consumerPid", .string(consumerPid)), ("agreementId", .string(agreementID)), ("format", .string(format)),
                ("callbackAddress", .string(callbackAddress))
            ])
    }

    /// The start of a pull transfer: where to fetch the data and the bearer token to fetch it with.
    public static func transferStart(providerPid: String, consumerPid: String, dataAddress: JSONValue?) -> JSONValue {
        message("TransferStartMessage", pids(providerPid, consumerPid) + (dataAddress.map { [("dataAddress", $0)] } ?? []))
    }

    public static func transferMessage(
        _ kind: DSPTransferState.Message, providerPid: String, consumerPid: String, code: String? = nil, reasons: [String] = []
    ) -> JSONValue {
        message(kind.rawValue, pids(providerPid, consumerPid) + codeAndReasons(code, reasons))
    }

    public static func transferError(providerPid: String, consumerPid: String, code: String, reasons: [String]) -> JSONValue {
        message("TransferError", pids(providerPid, consumerPid) + codeAndReasons(code, reasons))
    }

    /// An HTTP endpoint to pull from with a bearer token (`HttpData-PULL`); `expiresAt` is an xsd:dateTime.
    public static func dataAddress(endpoint: String, token: String, expiresAt: String) -> JSONValue {
        func property(_ name: String, _ value: String) -> JSONValue {
            .object(JSONObject([("@type", .string("EndpointProperty")), ("name", .string(name)), ("value", .string(value))]))
        }
        return .object(
            JSONObject([
                ("@type", .string("DataAddress")), ("endpointType", .string("https://w3id.org/idsa/v4.1/HTTP")), ("endpoint", .string(endpoint)),
                (
                    "endpointProperties",
                    .array([property("authorization", token), property("authType", "bearer"), property("expiresAt", expiresAt)])
                )
            ]))
    }
}
