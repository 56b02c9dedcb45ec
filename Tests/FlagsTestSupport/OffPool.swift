import Foundation

/// Runs blocking work on a thread of its own and awaits it.
///
/// Tests are async and run on Swift's small cooperative pool, which our in-process server also
/// needs: a blocking libcurl call made directly in a test could starve the server it talks to.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}
