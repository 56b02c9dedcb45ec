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
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw RawHTTPClient.Failure(description: "socket: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            let sent = request.withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard connected == 0, sent == request.count else {
                close(descriptor)
                throw RawHTTPClient.Failure(description: "connect or send to port \(port): errno \(errno)")
            }
            return descriptor
        }
    }

    /// Closes the connection, as a client that gives up does (`FIN`, nothing read).
    func leave() {
        close(descriptor)
    }
}
