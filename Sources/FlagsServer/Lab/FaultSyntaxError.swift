/// A fault written in a form ``FaultRule/init(parsing:)`` does not read.
public struct FaultSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What is wrong with it and what to write instead.
    public let problem: String

    init(_ text: String, _ problem: String) {
        self.text = text
        self.problem = problem
    }

    /// `fault 'bogus@1': unknown fault 'bogus': use …`.
    public var description: String { "fault '\(text)': \(problem)" }
}
