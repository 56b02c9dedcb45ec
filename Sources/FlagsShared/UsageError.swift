/// Input the user can fix: a bad code, option or URL. Command-line tools exit 64 on it.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
