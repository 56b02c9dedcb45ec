// Fix 2: an actor. It runs one call at a time, so its `count` needs no lock; calling it from
// another task takes `await`, which is where a task may wait its turn.
actor Downloads {
    private(set) var count = 0

    func add() {
        count += 1
    }
}

func countDownloads() async -> Int {
    let downloads = Downloads()
    await withTaskGroup(of: Void.self) { group in
        for _ in 0..<1000 {
            group.addTask { await downloads.add() }
        }
    }
    return await downloads.count
}

print(await countDownloads())
