import JunkanCore
import JunkanTestSupport
import Testing

/// Issue 28, item 2: ODRL policies in Junkan's closed constraint vocabulary, read member by member (anything outside it
/// refused with where and why), written back as read, and evaluated for a requester.
@Suite struct ODRLPolicyTests {
    static let dsp = "dsp/DataspaceProtocol/artifacts/src/main/resources/"
    static let partner = "did:web:partner.test:orgs:org-7"
    /// 2024-06-01 and 2024-12-01, ms since the epoch.
    static let june: Int64 = 1_717_200_000_000
    static let december: Int64 = 1_733_011_200_000

    /// An offer to named partners, or to the members of the recyclers' group, for two purposes, in the year 2024.
    static let offer: JSONValue = [
        "@id": "urn:junkan:policy:lot-upstream", "@type": "Offer",
        "permission": [
            [
                "action": "use",
                "constraint": [
                    [
                        "and": [
                            [
                                "or": [
                                    ["leftOperand": "junkan:requester", "operator": "isAnyOf", "rightOperand": [.string(partner), "did:web:other.test"]],
                                    ["leftOperand": "junkan:memberOf", "operator": "eq", "rightOperand": "recyclers"]
                                ]
                            ],
                            [
                                "leftOperand": "purpose", "operator": "isAnyOf",
                                "rightOperand": ["junkan:productFootprint", "junkan:regulatoryCompliance"]
                            ],
                            ["leftOperand": "dateTime", "operator": "gteq", "rightOperand": "2024-01-01T00:00:00Z"],
                            ["leftOperand": "dateTime", "operator": "lt", "rightOperand": ["@value": "2025-01-01T00:00:00Z", "@type": "xsd:dateTime"]]
                        ]
                    ]
                ]
            ]
        ],
        "prohibition": [["action": "distribute"]]
    ]

    @Test func aPolicyIsReadAndWrittenBackAsRead() throws {
        let policy = try ODRLPolicy(parsing: Self.offer)
        #expect(policy.kind == .offer && policy.permissions.count == 1 && policy.prohibitions.count == 1)
        #expect(try ODRLPolicy(parsing: policy.json) == policy)
        // The agreement of the fixtures' example message, a DSP date without seconds and all.
        let message = try Fixtures.json(Self.dsp + "negotiation/example/contract-agreement-message.json")
        let agreement = try ODRLPolicy(parsing: try #require(message.objectValue?["agreement"]), at: "/agreement")
        #expect(agreement.kind == .agreement && agreement.assignee == "http://example.com/Consumer" && agreement.timestamp == "2023-01-01T01:00:00Z")
        #expect(agreement.evaluate(ODRLContext(requester: [], now: Self.june)) != .permitted, "its window closed at the end of 2023")
        let offerMessage = try Fixtures.json(Self.dsp + "negotiation/example/contract-offer-message.json")
        #expect(try ODRLPolicy(parsing: try #require(offerMessage.objectValue?["offer"]), at: "/offer").target != nil)
    }

    @Test func aPolicyIsEvaluatedForTheRequester() throws {
        let policy = try ODRLPolicy(parsing: Self.offer)
        let partner = ODRLContext(requester: [Self.partner], purpose: "junkan:productFootprint", now: Self.june)
        #expect(policy.evaluate(partner) == .permitted)
        // A member of the group, whoever it is.
        #expect(
            policy.evaluate(ODRLContext(requester: ["did:web:x.test"], groups: ["recyclers"], purpose: "junkan:regulatoryCompliance", now: Self.june))
                == .permitted)
        // Each failing constraint said.
        for context in [
            ODRLContext(requester: ["did:web:stranger.test"], purpose: "junkan:productFootprint", now: Self.june),
            ODRLContext(requester: [Self.partner], purpose: "junkan:traceability", now: Self.june),
            ODRLContext(requester: [Self.partner], now: Self.june),
            ODRLContext(requester: [Self.partner], purpose: "junkan:productFootprint", now: Self.june + 365 * 86_400_000)
        ] {
            guard case .refused(let reasons) = policy.evaluate(context) else {
                Issue.record("\(context) permitted")
                continue
            }
            #expect(!reasons.isEmpty && reasons.allSatisfy { $0.contains("does not hold") })
        }
        // Using is permitted; passing it on is prohibited.
        guard case .refused(let why) = policy.evaluate(action: "distribute", partner) else { Issue.record("distribute permitted"); return }
        #expect(why.first?.contains("prohibition") == true)
        // xone: exactly one.
        let xone = try ODRLConstraint(
            parsing: [
                "xone": [
                    ["leftOperand": "junkan:memberOf", "operator": "eq", "rightOperand": "a"],
                    ["leftOperand": "junkan:memberOf", "operator": "eq", "rightOperand": "b"]
                ]
            ], at: "")
        #expect(xone.holds(ODRLContext(requester: [], groups: ["a"], now: 0)) && !xone.holds(ODRLContext(requester: [], groups: ["a", "b"], now: 0)))
    }

    /// Anything outside the vocabulary is refused when read, with the pointer of what is wrong.
    @Test func whatTheVocabularyDoesNotHaveIsRefusedNotIgnored() throws {
        // The fixtures' catalog offer constrains `spatial`: not a constraint Junkan evaluates.
        let catalog = try Fixtures.json(Self.dsp + "catalog/example/catalog.json")
        let fixtureOffer = try #require(catalog.objectValue?["dataset"]?.arrayValue?.first?.objectValue?["hasPolicy"]?.arrayValue?.first)
        #expect(
            throws: ODRLError.invalid(
                "/permission/0/constraint/0/leftOperand",
                "spatial is outside Junkan's constraint vocabulary (junkan:requester, junkan:memberOf, purpose, dateTime, junkan:receiver)")
        ) {
            try ODRLPolicy(parsing: fixtureOffer)
        }
        func refusal(_ edit: (inout JSONObject) -> Void) -> String? {
            var o = Self.offer.objectValue!
            edit(&o)
            do {
                _ = try ODRLPolicy(parsing: .object(o))
                return nil
            } catch { return error.description }
        }
        let atom: (JSONValue) -> JSONValue = { c in ["action": "use", "constraint": [c]] }
        let cases: [(String, (inout JSONObject) -> Void)] = [
            ("/@id", { $0["@id"] = nil }),
            ("/@type", { $0["@type"] = "Permission" }),
            ("/duty", { $0["duty"] = [] }),
            ("/permission/0/action", { $0["permission"] = [["action": "sell"]] }),
            ("/permission", { $0["permission"] = [] }),
            (
                "/permission/0/constraint/0/operator",
                { $0["permission"] = [atom(["leftOperand": "purpose", "operator": "gt", "rightOperand": "junkan:traceability"])] }
            ),
            (
                "/permission/0/constraint/0/rightOperand",
                { $0["permission"] = [atom(["leftOperand": "purpose", "operator": "eq", "rightOperand": "marketing"])] }
            ),
            ("/permission/0/constraint/0/rightOperand", { $0["permission"] = [atom(["leftOperand": "dateTime", "operator": "lt", "rightOperand": "soon"])] }),
            (
                "/permission/0/constraint/0/rightOperand",
                { $0["permission"] = [atom(["leftOperand": "junkan:requester", "operator": "eq", "rightOperand": ["a", "b"]])] }
            ),
            (
                "/permission/0/constraint/0/unit",
                { $0["permission"] = [atom(["leftOperand": "dateTime", "operator": "lt", "rightOperand": "2025-01-01", "unit": "x"])] }
            ),
            ("/permission/0/constraint/0", { $0["permission"] = [atom(["and": [], "or": []])] }),
            (
                "/permission/0/constraint/0/rightOperand",
                { $0["permission"] = [atom(["leftOperand": "junkan:receiver", "operator": "eq", "rightOperand": "yes"])] }
            ),
            (
                "/permission/0/constraint/0/operator",
                { $0["permission"] = [atom(["leftOperand": "junkan:receiver", "operator": "neq", "rightOperand": "true"])] }
            )
        ]
        for (pointer, edit) in cases {
            let why = refusal(edit)
            #expect(why?.hasPrefix(pointer + ":") == true, "\(pointer): \(why ?? "accepted")")
        }
        // An agreement names its parties.
        #expect(
            refusal {
                $0["@type"] = "Agreement"; $0["target"] = "urn:x"
            }?.contains("assigner and assignee") == true)
    }
}
