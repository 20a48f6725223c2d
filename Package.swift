// swift-tools-version: 6.1
import PackageDescription

// Swift 6 language mode (strict concurrency) for every target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // A file sees the members of the modules it imports, not of whatever another file imported (SE-0444).
    .enableUpcomingFeature("MemberImportVisibility"),
    // An import is internal unless it says otherwise: a module's public API names the modules it exposes (SE-0409).
    .enableUpcomingFeature("InternalImportsByDefault")
]

let package = Package(
    name: "Junkan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "junkan", targets: ["junkan"]),
        .library(name: "JunkanCore", targets: ["JunkanCore"]),
        .library(name: "JunkanLedger", targets: ["JunkanLedger"]),
        .library(name: "JunkanStore", targets: ["JunkanStore"]),
        .library(name: "JunkanSQLite", targets: ["JunkanSQLite"]),
        .library(name: "JunkanPostgres", targets: ["JunkanPostgres"]),
        .library(name: "JunkanNode", targets: ["JunkanNode"]),
        .library(name: "JunkanServer", targets: ["JunkanServer"])
    ],
    dependencies: [
        // ARCHITECTURE.md: hummingbird without its default traits (they only add rebuilds).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // 4.x: its Ed25519 keys are Sendable.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The HTML pages' templates (ARCHITECTURE.md: rendering in JunkanServer).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Already in the graph through hummingbird: named for the one channel handler Junkan adds (ExpectContinueHandler).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        // The PostgreSQL store (issue 26): the wire protocol, a connection pool, COPY.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Already in the graph through postgres-nio: named for the TLS settings of `sslmode`.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Already in the graph through hummingbird: named for the service that delivers query subscriptions beside the server.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // Already in the graph through hummingbird: the pooled HTTP client of the subscriptions' webhook deliveries.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        // WebSocket subscriptions to named queries (EPCIS 2.0 REST binding): the upgrade on GET /queries/{name}/events.
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        // The API description's HTML rendering at /api reads openapi.yaml (YAML 1.1, anchors and all) with a real parser.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2")
    ],
    targets: [
        // libxml2 (Debian libxml2-dev): the EPCIS XML binding's parser and XML Schema validator (JunkanNode/EPCISXML).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // zlib (Debian zlib1g-dev): inflating the zip archives chemSHERPA writes declarations in (Substances/ZipReader).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "JunkanCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JunkanLedger",
            dependencies: ["JunkanCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JunkanStore",
            dependencies: ["JunkanCore", "JunkanLedger"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JunkanSQLite",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // GRDB's own SQLite module: a capture binds its rows through the C API (SQLiteStore+RowBinding.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift")
            ],
            swiftSettings: swiftSettings
        ),
        // The store on a PostgreSQL server, for a node of several processes (issue 26).
        .target(
            name: "JunkanPostgres",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log")
            ],
            swiftSettings: swiftSettings
        ),
        // The application services (capture, the log, trace, materials, circularity, passports, PACT) and their pages:
        // no HTTP types, so the CLI and later transports use them as the routes do.
        .target(
            name: "JunkanNode",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore",
                // Ed25519 for RFC 9421 signatures between nodes (Federation/HTTPMessageSignature.swift).
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Webhook deliveries of query subscriptions: kept-alive, pooled connections (Subscriptions/WebhookClient.swift).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "CLibXML2",
                "CZlib",
                .product(name: "Yams", package: "Yams")
            ],
            // The pages' Mustache templates (PageTemplates), read once at run time; GS1's EPCIS XML Schemas, which XML
            // capture validates against (EPCISXML/XMLSchema.swift); the API description (openapi.yaml, also linked from
            // the repository's root), served at /openapi.yaml and rendered at /api; the restricted-substance lists Junkan
            // ships (Substances/SubstanceListCatalogue.swift).
            resources: [.copy("Templates"), .copy("XMLSchemas"), .copy("APIDescription"), .copy("SubstanceLists")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JunkanServer",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore", "JunkanNode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "junkan",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore", "JunkanSQLite", "JunkanPostgres", "JunkanNode", "JunkanServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log")
            ],
            // The demo's data (scripts/gen-demo-*.py write it), read at run time.
            resources: [.copy("Resources/Demo")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JunkanTestSupport",
            dependencies: ["JunkanCore", "JunkanLedger", "JunkanStore", "JunkanSQLite", "JunkanPostgres"],
            path: "Tests/JunkanTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JunkanCoreTests",
            dependencies: ["JunkanCore", "JunkanTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JunkanLedgerTests",
            dependencies: ["JunkanLedger", "JunkanTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JunkanStoreTests",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore", "JunkanSQLite", "JunkanNode", "JunkanTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                // A log key for the integrators of SharedStoreTests.
                .product(name: "Crypto", package: "swift-crypto")
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JunkanServerTests",
            dependencies: [
                "JunkanCore", "JunkanLedger", "JunkanStore", "JunkanSQLite", "JunkanNode", "JunkanServer", "JunkanTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // To tamper with a database behind the store's back in audit tests.
                .product(name: "GRDB", package: "GRDB.swift"),
                // A WebSocket client for the subscriptions by WebSocket.
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")
            ],
            swiftSettings: swiftSettings
        )
    ]
)

// Benchmarks (Benchmarks/, ordo-one/benchmark) only when asked for, so the everyday build and CI do not resolve
// or build the benchmark package: `JUNKAN_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark`
// (scripts/bench-log.sh and scripts/bench-footprint.sh do this).
if Context.environment["JUNKAN_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/package-benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]))
    func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
        .executableTarget(
            name: name, dependencies: dependencies + [.product(name: "Benchmark", package: "package-benchmark")],
            path: "Benchmarks/" + name, swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")])
    }
    package.targets += [
        benchmark(
            "LogBenchmarks",
            [
                "JunkanCore", "JunkanLedger", "JunkanStore", "JunkanSQLite", "JunkanNode",
                .product(name: "Crypto", package: "swift-crypto")
            ]),
        benchmark("TraceBenchmarks", ["JunkanCore"]),
        benchmark("EventHashBenchmarks", ["JunkanCore", .product(name: "Crypto", package: "swift-crypto")]),
        benchmark("CircularityBenchmarks", ["JunkanCore", "JunkanSQLite", "JunkanNode"]),
        benchmark("MaterialsBenchmarks", ["JunkanCore", "JunkanStore", "JunkanSQLite", "JunkanNode"]),
        benchmark("SubstanceBenchmarks", ["JunkanCore", "JunkanStore", "JunkanSQLite", "JunkanNode"])
    ]
}
