import Foundation

/// Runs blocking work (a join, a blocking libcurl call, waiting for a child process, a file
/// read) on a new thread of its own and awaits its result, so no thread of Swift's cooperative
/// pool blocks meanwhile.
///
/// The pool has one thread per core; blocking one of them can starve the very tasks (an
/// in-process server, the other downloads) the blocking work waits for. The clients, the bench
/// and the tests all use this one helper.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}

/// `onOwnThread` for work that cannot throw.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: work())
        }
        thread.start()
    }
}
