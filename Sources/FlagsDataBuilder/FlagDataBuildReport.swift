/// What ``FlagDataBuilder/build(codes:imagesDir:isoCodesJSON:root:)`` did.
public struct FlagDataBuildReport: Sendable, Equatable, CustomStringConvertible {
    /// The `flags` directory written to.
    public let flagsDirectory: String
    /// Flags with at least one file (image or metadata) written.
    public let written: Int
    /// Flags whose files already held the right bytes.
    public let unchanged: Int

    /// Creates a report.
    public init(flagsDirectory: String, written: Int, unchanged: Int) {
        self.flagsDirectory = flagsDirectory
        self.written = written
        self.unchanged = unchanged
    }

    /// Every flag the data now holds from this build.
    var total: Int { written + unchanged }

    /// `"194 flags in flags-data/flags (194 written, 0 unchanged)"`.
    public var description: String {
        "\(total) flag\(total == 1 ? "" : "s") in \(flagsDirectory) (\(written) written, \(unchanged) unchanged)"
    }
}
