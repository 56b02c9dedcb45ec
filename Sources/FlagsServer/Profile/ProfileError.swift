/// A profile file or `PUT /_lab/profile` body that does not describe a profile.
public struct ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and what to write instead.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
