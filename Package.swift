// swift-tools-version: 6.2
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode plus the
/// upcoming features Hummingbird turns on, so that imports stay explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v14), .iOS(.v17)],
    products: [
        .library(name: "FolioWire", targets: ["FolioWire"]),
        .library(name: "FolioStore", targets: ["FolioStore"]),
        .library(name: "FolioClient", targets: ["FolioClient"]),
        .library(name: "FolioURLSessionTransport", targets: ["FolioURLSessionTransport"]),
        .library(name: "FolioServer", targets: ["FolioServer"]),
        .library(name: "FolioHTTPServer", targets: ["FolioHTTPServer"]),
        .executable(name: "folio", targets: ["folio"]),
        .executable(name: "folio-server", targets: ["folio-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // zlib from the system (Debian: zlib1g-dev).
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(
            name: "FolioWire",
            dependencies: [
                "CZlib",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioStore",
            dependencies: [
                "FolioWire",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioClient",
            dependencies: [
                "FolioStore",
                "FolioWire",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioURLSessionTransport",
            dependencies: [
                "FolioClient", "FolioWire",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioServer",
            dependencies: [
                "FolioWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FolioHTTPServer",
            dependencies: [
                "FolioServer",
                "FolioWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioStore",
                "FolioClient",
                "FolioWire",
                "FolioURLSessionTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "folio-server",
            dependencies: [
                "FolioServer",
                "FolioHTTPServer",
                "FolioWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioServerTests",
            dependencies: [
                "FolioServer",
                "FolioHTTPServer",
                "FolioWire",
                "FolioTestSupport",
                "folio-server",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // The example app of README.md: embeds FolioStore and FolioClient.
        .executableTarget(
            name: "ReaderApp",
            dependencies: ["FolioStore", "FolioClient", "FolioURLSessionTransport"],
            path: "Examples/ReaderApp",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioWireTests",
            dependencies: ["FolioWire"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioStoreTests",
            dependencies: ["FolioStore", "FolioWire", "FolioTestSupport", "FolioStoreProbe"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioClientTests",
            dependencies: ["FolioClient", "FolioStore", "FolioWire", "FolioServer"],
            swiftSettings: swiftSettings
        ),
        // Runs the package's executables from tests: shared by the CLI and end-to-end suites.
        .target(
            name: "FolioTestSupport",
            path: "Tests/FolioTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioEndToEndTests",
            dependencies: ["FolioStore", "FolioServer", "FolioWire", "FolioTestSupport", "folio", "folio-server", "ReaderApp"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioCLITests",
            dependencies: ["FolioStore", "FolioTestSupport", "folio"],
            swiftSettings: swiftSettings
        ),
        // The child process that CrashSafetyTests kill in the middle of writes.
        .executableTarget(
            name: "FolioStoreProbe",
            dependencies: ["FolioStore"],
            path: "Tests/FolioStoreProbe",
            swiftSettings: swiftSettings
        ),
        // Protocol/vectors generator and measurements (issue 3, SPEC.md §15, §16).
        .target(
            name: "FolioVectorKit",
            dependencies: [
                "FolioWire",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "folio-vectors",
            dependencies: ["FolioVectorKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioVectorTests",
            dependencies: ["FolioVectorKit", "FolioWire"],
            swiftSettings: swiftSettings
        ),
        // folio-bench (issue 6): seeded archive and day-of-changes generators,
        // baselines, and the benchmark command.
        .target(
            name: "FolioBenchKit",
            dependencies: ["CZlib"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "folio-bench",
            dependencies: [
                "CZlib",
                "FolioBenchKit",
                // The fault proxy paces scenario 7e's link (no test framework inside).
                "FolioTestSupport",
                "FolioStore",
                "FolioClient",
                "FolioURLSessionTransport",
                "FolioWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FolioBenchKitTests",
            dependencies: ["FolioBenchKit"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
