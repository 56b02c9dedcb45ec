/// Where and how a ``FlagServer`` serves.
public struct FlagServerConfiguration: Sendable {
    /// The address to listen on; the loopback address unless you mean to share the server.
    public var host: String
    /// The port to listen on; `0` picks any free port (read it back from ``FlagServer/port``).
    public var port: Int
    /// The delays and errors to apply.
    public var profile: ServerProfile
    /// Fixes every delay and error; `nil` picks a random seed (see ``FlagServer/seed``).
    public var seed: UInt64?
    /// The flags-data directory (the one holding `flags/`); `nil` uses ``FlagData/defaultRoot()``.
    public var root: String?
    /// Leaves out the one-line-per-request log (start-up is still logged).
    public var quiet: Bool

    /// Creates a configuration; the defaults give a LOCAL server on a free loopback port.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        profile: ServerProfile = .local,
        seed: UInt64? = nil,
        root: String? = nil,
        quiet: Bool = false
    ) {
        self.host = host
        self.port = port
        self.profile = profile
        self.seed = seed
        self.root = root
        self.quiet = quiet
    }

    /// Checks the values a caller may have set by hand.
    ///
    /// - Throws: ``FlagServerError/Code-swift.struct/invalidConfiguration`` naming the bad value.
    func validate() throws {
        guard !host.isEmpty else { throw FlagServerError.invalidConfiguration("the host is empty") }
        guard (0...65_535).contains(port) else {
            throw FlagServerError.invalidConfiguration("port \(port) is not in 0...65535")
        }
        guard (0...1).contains(profile.errorRate) else {
            throw FlagServerError.invalidConfiguration("error rate \(profile.errorRate) is not in 0...1")
        }
        let delays: [Duration] =
            switch profile.delay {
            case .fixed(let duration): [duration]
            case .uniform(let range): [range.lowerBound, range.upperBound]
            }
        guard delays.allSatisfy({ $0 >= .zero && $0 <= ResponseDelay.limit }) else {
            throw FlagServerError.invalidConfiguration(
                "delay \(profile.delay) is not within 0...\(ResponseDelay.limit.secondsText) s"
            )
        }
    }
}
