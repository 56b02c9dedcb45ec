/// What the server will do with one request, decided before it does any of it.
public struct RequestPlan: Sendable, Equatable {
    /// How long to hold the response before sending anything (the profile's delay plus any
    /// latency injected before the headers).
    public var delay: Duration
    /// How long to wait between the headers and the body (a latency injected before the body).
    public var bodyDelay: Duration
    /// What to do instead of serving the file, or `nil` to serve it (or answer 404).
    public var fault: Fault?

    /// Creates a plan.
    public init(delay: Duration = .zero, bodyDelay: Duration = .zero, fault: Fault? = nil) {
        self.delay = delay
        self.bodyDelay = bodyDelay
        self.fault = fault
    }

    /// What a request following this plan ends as, given whether the file exists.
    public func outcome(fileExists: Bool) -> LabOutcome {
        fault?.outcome ?? (fileExists ? .ok : .notFound)
    }
}
