import FlagsServer
import Testing

/// One flag server for a whole suite: started before the suite's first test, stopped after its
/// last however they end, and reached in the tests as ``current``.
///
/// A table of 221 cases each starting a server of its own filled Swift's small cooperative pool
/// with start-ups and shutdowns while other suites' real-time tests waited for it.
struct SharedFlagServer: SuiteTrait, TestScoping {
    /// The server of the suite being run.
    @TaskLocal static var current: FlagServer?

    let configuration: FlagServerConfiguration

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withFixtureServer(configuration) { server in
            try await Self.$current.withValue(server) {
                try await function()
            }
        }
    }

    /// The suite's server; a test of a suite without the trait fails here.
    static func server() throws -> FlagServer {
        try #require(current, "the suite needs the .sharedFlagServer trait")
    }
}

extension Trait where Self == SharedFlagServer {
    /// Runs the suite's tests against one server on the shared fixture, started once.
    static func sharedFlagServer(_ configuration: FlagServerConfiguration = FlagServerConfiguration()) -> Self
    {
        SharedFlagServer(configuration: configuration)
    }
}
