// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ecoprodd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecoprodd", targets: ["ecoprodd"]),
        .executable(name: "ecoprodctl", targets: ["ecoprodctl"]),
        .library(name: "EcoprodClient", targets: ["EcoprodClient"]),
        .library(name: "EcoprodPluginKit", targets: ["EcoprodPluginKit"]),
        // A plugin used by the tests and the plugin benchmark; loaded from a copy in a
        // scratch plugin directory, never installed.
        .library(name: "ecoprod-probe-plugin", type: .dynamic, targets: ["ProbePlugin"]),
        // The capability plugins, each a .so the daemon loads from its plugin directory.
        .library(name: "ecoprod-scoring", type: .dynamic, targets: ["ScoringPlugin"]),
        .library(name: "ecoprod-afnor", type: .dynamic, targets: ["AfnorPlugin"]),
        .library(name: "ecoprod-charter", type: .dynamic, targets: ["CharterPlugin"]),
        .library(name: "ecoprod-signatories", type: .dynamic, targets: ["SignatoryMapPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // The wire: generated messages, ttrpc framing, status codes. Depends on nothing of ours.
        .target(
            name: "EcoprodProtocol",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Protocol"
        ),
        // The domain APIs (label, scoring): generated messages shared by the daemon, the
        // plugins and the clients. Depends on SwiftProtobuf alone, so plugins may import it.
        .target(
            name: "EcoprodAPI",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/API"
        ),
        // libsystemd (sd_notify, sd_listen_fds, journald) and the socket calls Glibc hides.
        .systemLibrary(
            name: "CSystemSupport",
            path: "Sources/CSystemSupport",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev", "libssl-dev"])]
        ),
        // The capability plugin ABI: ecoprod/plugin.h is the whole contract (docs/PLUGIN_ABI.md);
        // abi_check.c pins its layout at compile time.
        .target(
            name: "CPluginABI",
            path: "Sources/CPluginABI",
            exclude: ["ecoprod-plugin.pc.in"]
        ),
        .target(
            name: "EcoprodDaemon",
            dependencies: [
                "EcoprodProtocol",
                "EcoprodAPI",
                "CSystemSupport",
                "CPluginABI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Daemon"
        ),
        // The Swift side of the plugin ABI for plugin authors: typed handlers over protobuf
        // messages. Sees only the C header and SwiftProtobuf, never the daemon.
        .target(
            name: "EcoprodPluginKit",
            dependencies: [
                "CPluginABI",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Plugins/PluginKit",
            exclude: ["README.md"]
        ),
        .target(
            name: "ProbePlugin",
            dependencies: [
                "EcoprodPluginKit",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/Plugins/probe",
            exclude: ["README.md", "probe.proto", "generate.sh"]
        ),
        // Scoring: the engine is plain Swift over the label messages (benchmarked in-process);
        // the plugin serves it through the C ABI.
        .target(
            name: "ScoringEngine",
            dependencies: ["EcoprodAPI"],
            path: "Sources/Plugins/Scoring/Engine"
        ),
        .target(
            name: "ScoringPlugin",
            dependencies: [
                "EcoprodPluginKit", "EcoprodAPI", "ScoringEngine",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Plugins/Scoring/Plugin"
        ),
        // AFNOR export: the dossier (ZIP, XLSX, validation, sample) is plain Swift over the
        // API messages; the plugin reads its inputs through the daemon and streams the ZIP.
        .target(
            name: "DossierKit",
            dependencies: ["EcoprodAPI"],
            path: "Sources/Plugins/AfnorExport/Dossier"
        ),
        .target(
            name: "AfnorPlugin",
            dependencies: [
                "EcoprodPluginKit", "EcoprodAPI", "DossierKit",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Plugins/AfnorExport/Plugin"
        ),
        // Charter enrolment: the rules of an enrolment's life are plain Swift over the API
        // messages; the plugin applies them to the enrolments the directory stores.
        .target(
            name: "CharterRules",
            dependencies: ["EcoprodAPI", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/Plugins/Charter/Rules"
        ),
        .target(
            name: "CharterPlugin",
            dependencies: [
                "EcoprodPluginKit", "EcoprodAPI", "CharterRules",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Plugins/Charter/Plugin"
        ),
        // Signatory map: GeoJSON, clustering and the SVG/HTML rendering are plain Swift
        // over the API messages and the outline files; the plugin reads the directory.
        .target(
            name: "SignatoryMapKit",
            dependencies: ["EcoprodAPI"],
            path: "Sources/Plugins/SignatoryMap/Map"
        ),
        .target(
            name: "SignatoryMapPlugin",
            dependencies: [
                "EcoprodPluginKit", "EcoprodAPI", "SignatoryMapKit",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Plugins/SignatoryMap/Plugin"
        ),
        .executableTarget(
            name: "ecoprod-scoring-bench",
            dependencies: ["ScoringEngine", "EcoprodAPI"],
            path: "benchmarks/scoring"
        ),
        .executableTarget(
            name: "ecoprodd",
            dependencies: [
                "EcoprodDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/ecoprodd"
        ),
        // A blocking ttrpc client and descriptor-driven JSON transcoding, for tools and tests.
        .target(
            name: "EcoprodClient",
            dependencies: [
                "EcoprodProtocol",
                "EcoprodAPI",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/Client"
        ),
        .executableTarget(
            name: "ecoprodctl",
            dependencies: [
                // EcoprodDaemon for `restore`, which works on the state directory offline.
                "EcoprodClient", "EcoprodAPI", "EcoprodDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/ecoprodctl"
        ),
        .testTarget(
            name: "EcoprodProtocolTests",
            dependencies: [
                "EcoprodProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/ProtocolTests"
        ),
        .testTarget(
            name: "EcoprodDaemonTests",
            dependencies: [
                "EcoprodDaemon", "EcoprodAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/DaemonTests"
        ),
        .testTarget(
            name: "EcoprodClientTests",
            dependencies: [
                "EcoprodClient", "EcoprodProtocol",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/ClientTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "EcoprodPluginKitTests",
            dependencies: [
                "EcoprodPluginKit", "CPluginABI",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/PluginKitTests"
        ),
        .testTarget(
            name: "DossierKitTests",
            dependencies: ["DossierKit", "EcoprodAPI"],
            path: "Tests/DossierKitTests"
        ),
        .testTarget(
            name: "CharterRulesTests",
            dependencies: ["CharterRules", "EcoprodAPI"],
            path: "Tests/CharterRulesTests"
        ),
        .testTarget(
            name: "SignatoryMapKitTests",
            dependencies: ["SignatoryMapKit", "EcoprodAPI"],
            path: "Tests/SignatoryMapKitTests"
        ),
        .testTarget(
            name: "ScoringTests",
            dependencies: ["ScoringEngine", "EcoprodAPI"],
            path: "Tests/ScoringTests"
        ),
        // Runs the real ecoprodd and ecoprodctl binaries over a real socket.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["EcoprodClient", "EcoprodProtocol", "EcoprodAPI"],
            path: "Tests/EndToEndTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
