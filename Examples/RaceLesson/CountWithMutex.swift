// Fix 1, Python's answer: a lock. `Mutex` (Swift 6, module Synchronization) owns the counter, and
// the only way to reach it is `withLock`, so the compiler accepts the capture: a `Mutex` is
// `Sendable`, a plain `var` is not.
import Dispatch
import Synchronization

func countDownloads() -> Int {
    let jobs = DispatchGroup()
    let downloaded = Mutex(0)
    for _ in 0..<1000 {
        DispatchQueue.global().async(group: jobs) {
            downloaded.withLock { $0 += 1 }
        }
    }
    jobs.wait()
    return downloaded.withLock { $0 }
}

print(countDownloads())
