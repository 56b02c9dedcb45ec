import Foundation

/// Runs blocking work (waiting for a child process, a socket) on a new thread and awaits it.
///
/// The embedded server runs on Swift's cooperative pool, which has one thread per core: blocking
/// one of them while a client talks to that server could slow the very thing being measured.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}
