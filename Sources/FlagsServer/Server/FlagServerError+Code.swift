extension FlagServerError {
    /// The kinds of ``FlagServerError``, for code that must tell them apart.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case dataMissing
            case portInUse
            case cannotListen
            case invalidConfiguration
            case sourceMissing
            case unknownCountry
            case fileSystem
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The data directory is missing or empty: run `flags-server build-data`.
        public static let dataMissing = Code(.dataMissing)
        /// The port is taken by another socket.
        public static let portInUse = Code(.portInUse)
        /// The server could not bind its address for another reason (unknown host, …).
        public static let cannotListen = Code(.cannotListen)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A Debian package the data builder reads from is not installed.
        public static let sourceMissing = Code(.sourceMissing)
        /// A country code has no image or no name in the sources.
        public static let unknownCountry = Code(.unknownCountry)
        /// Reading or writing a file failed.
        public static let fileSystem = Code(.fileSystem)

        public var description: String { base.rawValue }
    }
}
