import Foundation

/// Runs blocking work (a libcurl call, file system calls) on a new thread and awaits it.
///
/// Swift's cooperative pool has one thread per core: blocking one of them stalls every task
/// scheduled behind it, and an embedded server in the same process runs on that pool too. The same
/// helper as the bench's `onOwnThread` (which does not link FlagsCore) and the tests' `offPool`.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}
