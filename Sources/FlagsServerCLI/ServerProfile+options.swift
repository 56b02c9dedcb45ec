import FlagsServer

extension ServerProfile {
    /// The `flags-server` options that turn LOCAL into this profile (its name and port aside):
    /// `["--delay", "0.5", "--fault", "503@10%"]`, as `--list-profiles` shows them.
    var options: [String] {
        var options: [String] = []
        if delay != .zero { options += ["--delay", delay.argument] }
        if errorRate > 0 { options += ["--error-rate", "\(errorRate)"] }
        for rule in faults { options += ["--fault", rule.description] }
        if failFirst > 0 {
            options += ["--fail-first", "\(failFirst)"]
            if failWith != ServerProfile.local.failWith {
                options += ["--fail-with", FaultRule.faultText(failWith)]
            }
        }
        if let maxInFlight { options += ["--max-in-flight", "\(maxInFlight)"] }
        return options
    }
}
