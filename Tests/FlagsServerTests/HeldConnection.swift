import FlagsShared
import FlagsTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A raw client connection that sends a request and then does nothing until told: the test
/// decides when it leaves (``leave()``) — the server must see a client go away mid-response.
final class HeldConnection: Sendable {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port` and sends `request` (the blocking part runs off the pool).
    init(port: Int, request: [UInt8]) async throws {
        descriptor = try await onOwnThread {
            let descriptor = try RawHTTPClient.connectedSocket(port: port)
            let sent = request.withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent == request.count else {
                close(descriptor)
                throw RawHTTPClient.Failure(description: "send to port \(port): errno \(errno)")
            }
            return descriptor
        }
    }

    /// Closes the connection, as a client that gives up does (`FIN`, nothing read).
    func leave() {
        close(descriptor)
    }
}
