extension Duration {
    /// Whole nanoseconds, as timeout_nano carries deadlines on the wire.
    public var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// Whole milliseconds, as poll(2) takes timeouts.
    public var wholeMilliseconds: Int64 { wholeNanoseconds / 1_000_000 }
}
