extension String {
    /// This string with zeros in front, at least `width` characters long.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
