import NIOCore

extension SocketAddress {
    /// Whether the address is this machine's own: `127.0.0.0/8`, `::1`, `::ffff:127.x.y.z`, or a
    /// Unix-domain socket.
    var isLoopback: Bool {
        switch self {
        case .v4, .v6: ipAddress.map(LabControl.isLoopback(ipAddress:)) ?? false
        case .unixDomainSocket: true
        }
    }
}
