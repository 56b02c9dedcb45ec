import FlagsCore
import FlagsShared
import Foundation

/// What a real libcurl client made of one request: a whole response, or the kind of failure.
enum CurlResult: Sendable, Equatable, CustomStringConvertible {
    case response(HTTPResponse)
    case failure(TransferError.Kind)

    /// Fetches `url` with a fresh `BlockingClient`, on a thread of its own (never on the
    /// cooperative pool the in-process server needs).
    ///
    /// A fresh client means a fresh connection: libcurl silently retries, once, a request whose
    /// kept-alive connection turns out dead, which would hide a reset and cost the server an attempt.
    static func fetch(_ url: String, timeout: Duration = .seconds(300)) async -> CurlResult {
        await onOwnThread {
            do throws(TransferError) {
                let client = try BlockingClient(
                    options: ClientOptions(timeout: timeout, connectTimeout: .seconds(300)))
                return .response(try client.get(url))
            } catch {
                return .failure(error.kind)
            }
        }
    }

    /// The status of a response, or `nil` for a failure.
    var status: Int? {
        if case .response(let response) = self { response.status } else { nil }
    }

    /// The failure kind, or `nil` for a response.
    var kind: TransferError.Kind? {
        if case .failure(let kind) = self { kind } else { nil }
    }

    var description: String {
        switch self {
        case .response(let response): "HTTP \(response.status) (\(response.body.count) bytes)"
        case .failure(let kind): "\(kind)"
        }
    }
}

/// Runs blocking work on a thread of its own and awaits its result.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
