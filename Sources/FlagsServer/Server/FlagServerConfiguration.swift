/// Where and how a ``FlagServer`` serves.
public struct FlagServerConfiguration: Sendable {
    /// The address to listen on; the loopback address unless you mean to share the server.
    public var host: String
    /// The port to listen on; `0` picks any free port (read it back from ``FlagServer/port``).
    public var port: Int
    /// The delays and faults to apply at start (``FlagServer/setProfile(_:)`` changes them later).
    public var profile: ServerProfile
    /// Fixes every delay and fault; `nil` picks a random seed (see ``FlagServer/seed``).
    public var seed: UInt64?
    /// The flags-data directory (the one holding `flags/`); `nil` uses ``FlagData/defaultRoot()``.
    public var root: String?
    /// Leaves out the one-line-per-request log (start-up is still logged).
    public var quiet: Bool
    /// A connection with no request in progress is closed after this long without a new one.
    public var idleTimeout: Duration
    /// A request whose first bytes have arrived must be complete (head and body) this long after
    /// its first byte, or the connection is closed.
    public var headerTimeout: Duration
    /// A request line and header fields longer than this, together, are answered
    /// `431 Request Header Fields Too Large` and the connection is closed.
    public var maxHeaderBytes: Int
    /// How long ``FlagServer/shutdown()`` lets requests in flight finish before it cuts them.
    public var shutdownGrace: Duration
    /// Whether `/_lab/*` answers peers other than the loopback addresses.
    public var labFromAnyHost: Bool

    /// Creates a configuration; the defaults give a LOCAL server on a free loopback port.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        profile: ServerProfile = .local,
        seed: UInt64? = nil,
        root: String? = nil,
        quiet: Bool = false,
        idleTimeout: Duration = .seconds(60),
        headerTimeout: Duration = .seconds(10),
        maxHeaderBytes: Int = 16_384,
        shutdownGrace: Duration = .seconds(2),
        labFromAnyHost: Bool = false
    ) {
        self.host = host
        self.port = port
        self.profile = profile
        self.seed = seed
        self.root = root
        self.quiet = quiet
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.maxHeaderBytes = maxHeaderBytes
        self.shutdownGrace = shutdownGrace
        self.labFromAnyHost = labFromAnyHost
    }

    /// Checks the values a caller may have set by hand.
    ///
    /// - Throws: ``FlagServerError/Code-swift.struct/invalidConfiguration`` naming the bad value.
    func validate() throws {
        guard !host.isEmpty else { throw FlagServerError.invalidConfiguration("the host is empty") }
        guard ServerLimits.port.contains(port) else {
            throw FlagServerError.invalidConfiguration("port \(port) is not in 0...65535")
        }
        try profile.validate()
        for (name, value) in [
            ("idle timeout", idleTimeout), ("header timeout", headerTimeout),
            ("shutdown grace", shutdownGrace),
        ] where value < .milliseconds(1) || value > ResponseDelay.limit {
            throw FlagServerError.invalidConfiguration(
                "\(name) \(value.secondsText) s is not within \(ServerLimits.text(ServerLimits.timeoutSeconds)) s"
            )
        }
        guard ServerLimits.maxHeaderBytes.contains(maxHeaderBytes) else {
            throw FlagServerError.invalidConfiguration(
                "max header bytes \(maxHeaderBytes) is not in 256...1048576")
        }
    }
}
