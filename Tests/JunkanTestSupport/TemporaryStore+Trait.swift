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

/// A real store of its own for each test (each case of a parameterised one), removed after it whatever the test did:
/// the set-up most tests share, as a trait. The backend is the run's (`StoreBackend.ofThisRun`), or SQLite for the
/// tests of the SQLite store itself.
public struct TemporaryStoreTrait: TestTrait, TestScoping {
    let sqliteOnly: Bool

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let tmp = sqliteOnly ? try TemporaryStore.sqlite() : try await TemporaryStore()
        do { try await TemporaryStore.$current.withValue(tmp) { try await function() } } catch {
            await tmp.removeNow()
            throw error
        }
        await tmp.removeNow()
    }
}

extension Trait where Self == TemporaryStoreTrait {
    /// A fresh temporary store for the test, of the run's backend: `TemporaryStore.forTest()` reads it.
    public static var temporaryStore: Self { Self(sqliteOnly: false) }
    /// A fresh temporary SQLite file, whatever the run: for tests of the SQLite store itself.
    public static var temporarySQLiteStore: Self { Self(sqliteOnly: true) }
}
