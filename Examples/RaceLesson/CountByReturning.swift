// Fix 3, the one the talk recommends: share nothing. Each job returns its result and the caller
// adds them up, as `flags-pool` does with its futures (Python: `len(list(executor.map(...)))`).
func countDownloads() async -> Int {
    await withTaskGroup(of: Int.self) { group in
        for _ in 0..<1000 {
            group.addTask { 1 }  // "downloaded one flag"
        }
        return await group.reduce(0, +)
    }
}

print(await countDownloads())
