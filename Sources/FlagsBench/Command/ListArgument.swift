import ArgumentParser
import Foundation

/// Parses the comma-separated lists the sweep options take (`--concurrency 1,2,5,10`), with
/// errors that name the option and the bad item.
enum ListArgument {
    /// Whole numbers within `range`, sorted, without repeats.
    static func integers(_ text: String, option: String, range: ClosedRange<Int>) throws -> [Int] {
        let values = try items(text, option: option).map { item -> Int in
            guard let value = Int(item) else {
                throw ValidationError(
                    "\(option): '\(item)' is not a whole number (example: \(option) 1,2,5,10)")
            }
            guard range.contains(value) else {
                throw ValidationError(
                    "\(option): \(value) is out of range: each value must be \(range.lowerBound) to \(range.upperBound)"
                )
            }
            return value
        }
        return Array(Set(values)).sorted()
    }

    /// Seconds within `range`, sorted, without repeats.
    static func seconds(_ text: String, option: String, range: ClosedRange<Double>) throws -> [Double] {
        let values = try items(text, option: option).map { item -> Double in
            guard let value = Double(item), value.isFinite else {
                throw ValidationError(
                    "\(option): '\(item)' is not a number of seconds (example: \(option) 0.5,0.1)")
            }
            guard range.contains(value) else {
                throw ValidationError(
                    "\(option): \(item) is out of range: each value must be \(range.lowerBound) to \(range.upperBound) seconds"
                )
            }
            return value
        }
        return Array(Set(values)).sorted()
    }

    /// Strategy names, in the order rows are printed, without repeats.
    static func strategies(_ text: String, option: String) throws -> [BenchStrategy] {
        let values = try items(text, option: option).map { item -> BenchStrategy in
            guard let strategy = BenchStrategy(name: item) else {
                throw ValidationError(
                    "\(option): unknown strategy '\(item)': use seq, pool, async or curl (comma-separated)")
            }
            return strategy
        }
        return Array(Set(values)).sorted()
    }

    /// The items between commas, trimmed; an empty list or an empty item is an error.
    private static func items(_ text: String, option: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !items.isEmpty, items.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError(
                "\(option): '\(text)' is not a comma-separated list (example: \(option) 1,2,5)")
        }
        return items
    }
}
