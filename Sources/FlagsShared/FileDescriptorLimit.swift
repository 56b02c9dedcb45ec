import Glibc

/// The process's limit on open files, which caps how many connections a server or a client
/// can hold at once (1,000 connections need more than the usual soft limit of 1,024).
public enum FileDescriptorLimit {
    /// Raises the soft limit on open files to the hard limit, and returns the new soft limit
    /// (the unchanged one if it cannot be raised).
    @discardableResult
    public static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return -1 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 {
                return Int(clamping: raised.rlim_cur)
            }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
