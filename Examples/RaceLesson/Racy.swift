// The talk's question: "Is there a race condition in my code while using ThreadPoolExecutor?"
// Here is that code in Swift: a thousand jobs on a pool of threads, each adding one to a counter
// they share. Swift 6 refuses to compile it (RaceLessonTests checks that it keeps refusing):
//
//     error: mutation of captured var 'downloaded' in concurrently-executing code
//
// In Swift 5 mode (`swiftc -swift-version 5 -O`) it is only a warning, and the program runs and
// races: with 1_000_000 jobs instead of 1000 it printed 999906, then 999583, then 1000000 on the
// 2-core machine this project is built on.
import Dispatch

/// Counts the flags "downloaded" by 1,000 jobs on Dispatch's pool of threads.
func countDownloads() -> Int {
    let jobs = DispatchGroup()
    var downloaded = 0
    for _ in 0..<1000 {
        DispatchQueue.global().async(group: jobs) {
            downloaded += 1  // read, add, write: two threads can read the same value
        }
    }
    jobs.wait()
    return downloaded
}

print(countDownloads())
