/// What the server will do with one request, decided before it does any of it.
public struct RequestPlan: Sendable, Equatable {
    /// How long to hold the response.
    public var delay: Duration
    /// What to do instead of serving the file, or `nil` to serve it (or answer 404).
    public var fault: Fault?

    /// Creates a plan.
    public init(delay: Duration = .zero, fault: Fault? = nil) {
        self.delay = delay
        self.fault = fault
    }
}
