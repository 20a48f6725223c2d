import JunkanStore
import JunkanTestSupport
import Testing

/// `NodeSettingsStore`: the first value proposed is the node's, until an operator replaces it.
extension StoreContractTests {
    @Test(arguments: StoreBackend.available) func theFirstProposedSettingIsTheNodes(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let none = try await store.nodeSetting(.baseURL)
            #expect(none == nil)
            #expect(try await store.nodeSetting(.baseURL, proposing: "https://a.example") == "https://a.example")
            #expect(try await store.nodeSetting(.baseURL, proposing: "https://b.example") == "https://a.example")
            #expect(try await store.nodeSetting(.logOrigin, proposing: "a.example/tlog") == "a.example/tlog")
            try await store.replaceNodeSetting(.baseURL, with: "https://c.example")
            #expect(try await store.nodeSetting(.baseURL) == "https://c.example")
            #expect(try await store.nodeSetting(.logOrigin) == "a.example/tlog")
            try await store.replaceNodeSetting(.logKey, with: "k+1+x")
            #expect(try await store.nodeSetting(.logKey, proposing: "k+2+y") == "k+1+x")
        }
    }
}
