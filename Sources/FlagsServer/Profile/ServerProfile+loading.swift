import NIOPosix

extension ServerProfile {
    /// ``load(file:)`` on NIO's thread pool: reading a file blocks, and an async caller must not
    /// block Swift's cooperative pool, which serves every request of every server in the process.
    ///
    /// - Throws: ``FlagServerError`` (`invalidConfiguration`) naming the file and the problem.
    public static func loadOffPool(file path: String) async throws -> ServerProfile {
        try await NIOThreadPool.singleton.runIfActive { try load(file: path) }
    }
}
