// swift-tools-version:6.1
import PackageDescription

/// One set of settings for every target (as Hummingbird does): Swift 6 mode plus the
/// upcoming features that keep imports and existentials explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// Built and tested on Linux only (Debian 12, Swift 6.3): the async client's loop uses epoll and
// an eventfd, and CI runs nowhere else. No other platform is declared because none is checked.
let package = Package(
    name: "flags",
    products: [
        .executable(name: "flags-seq", targets: ["flags-seq"]),
        .executable(name: "flags-pool", targets: ["flags-pool"]),
        .executable(name: "flags-async", targets: ["flags-async"]),
        .executable(name: "flags-server", targets: ["flags-server"]),
        .executable(name: "flags-bench", targets: ["flags-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Traits off: the server needs neither swift-configuration nor full Foundation support.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        // The server needs NIOCore (bound address, bind errors) and ServiceLifecycle (graceful shutdown,
        // SIGINT/SIGTERM); both already come with Hummingbird.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // What the clients, the bench and the server's command share, with no dependency: the
        // country codes and their selection, the clients' `--json` report (written by the
        // clients, read by the bench), and the small helpers more than one module needs.
        .target(
            name: "FlagsShared",
            swiftSettings: swiftSettings
        ),
        // Timelines: the model, its four renderers and the reader; nothing but FlagsShared, so the
        // bench can draw the clients' files without linking libcurl.
        .target(
            name: "FlagsTimeline",
            dependencies: ["FlagsShared"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlagsCore",
            dependencies: ["CCurl", "FlagsShared", "FlagsTimeline"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FlagsServer",
            dependencies: [
                // The lab page's events are JSON written by hand, with the one escaping helper.
                "FlagsShared",
                .product(name: "Hummingbird", package: "hummingbird"),
                // The lab builds its HTTP/1.1 channel from Hummingbird's, with two NIO handlers added.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // A set-up tool, not part of the running server: writes flags-data/ from Debian's packages.
        .target(
            name: "FlagsDataBuilder",
            dependencies: ["FlagsServer", "FlagsShared"],
            swiftSettings: swiftSettings
        ),
        // `flags-server`'s command: serve, build-data. No libcurl, no FlagsCore.
        .target(
            name: "FlagsServerCLI",
            dependencies: [
                "FlagsServer",
                "FlagsDataBuilder",
                "FlagsShared",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The clients' terminal face; FlagsServer for the embedded server when no --server is given.
        .target(
            name: "FlagsCLI",
            dependencies: [
                "FlagsCore",
                "FlagsServer",
                "FlagsShared",
                "FlagsTimeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flags-seq",
            dependencies: ["FlagsCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flags-pool",
            dependencies: ["FlagsCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flags-async",
            dependencies: ["FlagsCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flags-server",
            // ArgumentParser: its @main calls `FlagsServerCommand.main()`, declared there.
            dependencies: [
                "FlagsServerCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The bench runs the clients' executables as a user would, so it needs none of their code;
        // FlagsServer only to start the embedded server.
        .target(
            name: "FlagsBench",
            dependencies: [
                "FlagsServer",
                "FlagsShared",
                "FlagsTimeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "flags-bench",
            // ArgumentParser: its @main calls `BenchCommand.main()`, declared there.
            dependencies: ["FlagsBench", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // Real peers for the tests: a scripted HTTP server for faults, temporary directories, the
        // built executables.
        .target(
            name: "FlagsTestSupport",
            dependencies: ["FlagsServer", "FlagsShared", .product(name: "Logging", package: "swift-log")],
            path: "Tests/FlagsTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlagsCoreTests",
            dependencies: ["FlagsCore", "FlagsServer", "FlagsShared", "FlagsTestSupport", "FlagsTimeline"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlagsTimelineTests",
            dependencies: ["FlagsTimeline"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlagsServerTests",
            // FlagsServerCLI: the tests parse `flags-server serve` options as the executable does;
            // FlagsDataBuilder builds their fixture; FlagsCore is the real libcurl client they use.
            dependencies: [
                "FlagsServer", "FlagsServerCLI", "FlagsDataBuilder", "FlagsShared", "FlagsCore",
                "FlagsTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlagsCLITests",
            dependencies: [
                "FlagsCLI", "FlagsCore", "FlagsServer", "FlagsShared", "FlagsTestSupport", "FlagsTimeline",
                // Built before the tests run: the end-to-end tests start them as a user would.
                "flags-seq", "flags-pool", "flags-async", "flags-server",
            ],
            swiftSettings: swiftSettings
        ),
        // The race lesson: compiles the snippets in Examples/RaceLesson with the running toolchain.
        .testTarget(
            name: "RaceLessonTests",
            dependencies: ["FlagsShared", "FlagsTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FlagsBenchTests",
            dependencies: [
                "FlagsBench", "FlagsServer", "FlagsShared", "FlagsTestSupport", "FlagsTimeline",
                // Built before the tests run: the end-to-end test runs the bench, which runs them.
                "flags-bench", "flags-seq", "flags-pool", "flags-async",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
