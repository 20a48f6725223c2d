public import Testing

extension TemporaryStore {
    /// The store the `.temporaryStore` trait made for the running test.
    @TaskLocal public static var current: TemporaryStore?

    /// The running test's store; the test must carry the `.temporaryStore` trait.
    public static func forTest() throws -> TemporaryStore {
        guard let current else { throw MissingTrait() }
        return current
    }

    struct MissingTrait: Error, CustomStringConvertible {
        var description: String { "TemporaryStore.forTest() needs the test to carry the .temporaryStore trait" }
    }
}

/// A real SQLite store in a fresh temporary folder for each test (each case of a parameterised one), removed after it
/// whatever the test did: the set-up most tests share, as a trait.
public struct TemporaryStoreTrait: TestTrait, TestScoping {
    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let tmp = try TemporaryStore()
        defer { tmp.remove() }
        try await TemporaryStore.$current.withValue(tmp) { try await function() }
    }
}

extension Trait where Self == TemporaryStoreTrait {
    /// A fresh temporary SQLite store for the test: `TemporaryStore.forTest()` reads it.
    public static var temporaryStore: Self { Self() }
}
