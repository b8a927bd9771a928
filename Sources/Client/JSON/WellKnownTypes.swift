// The google.protobuf types whose JSON form is not an object of their fields, and the
// text formats of Timestamp, Duration and FieldMask.

enum WellKnownType: String {
    case any = "google.protobuf.Any"
    case timestamp = "google.protobuf.Timestamp"
    case duration = "google.protobuf.Duration"
    case fieldMask = "google.protobuf.FieldMask"
    case structType = "google.protobuf.Struct"
    case value = "google.protobuf.Value"
    case listValue = "google.protobuf.ListValue"
    case doubleValue = "google.protobuf.DoubleValue"
    case floatValue = "google.protobuf.FloatValue"
    case int64Value = "google.protobuf.Int64Value"
    case uint64Value = "google.protobuf.UInt64Value"
    case int32Value = "google.protobuf.Int32Value"
    case uint32Value = "google.protobuf.UInt32Value"
    case boolValue = "google.protobuf.BoolValue"
    case stringValue = "google.protobuf.StringValue"
    case bytesValue = "google.protobuf.BytesValue"

    /// The enum whose only value is JSON null.
    static let nullValueEnum = "google.protobuf.NullValue"
}

extension MessageDescriptor {
    /// A field of a well-known type by number, as google/protobuf/*.proto declare it.
    func wellKnownField(_ number: Int32, at path: FieldPath) throws(TranscodingError) -> FieldDescriptor {
        guard let field = field(number: number) else {
            throw path.error("the descriptor of \(fullName) lacks field \(number)")
        }
        return field
    }
}

/// google.protobuf.Timestamp as RFC 3339 text: "2024-05-01T12:30:00.250Z" on output,
/// any UTC offset on input.
enum TimestampText {
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range the JSON mapping allows.
    static let secondsRange: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    static func format(seconds: Int64, nanos: Int32) -> String? {
        guard secondsRange.contains(seconds), (0...999_999_999).contains(nanos) else { return nil }
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
            + "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":"
            + padded(secondOfDay % 60, 2) + fractionalSeconds(nanos) + "Z"
    }

    static func parse(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        var scanner = TextScanner(text)
        guard let year = scanner.digits(exactly: 4), scanner.skip("-"),
              let month = scanner.digits(exactly: 2), scanner.skip("-"),
              let day = scanner.digits(exactly: 2), scanner.skip("T") || scanner.skip("t"),
              let hour = scanner.digits(exactly: 2), scanner.skip(":"),
              let minute = scanner.digits(exactly: 2), scanner.skip(":"),
              let second = scanner.digits(exactly: 2),
              let nanos = scanner.fractionalNanos(),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var offsetSeconds: Int64 = 0
        if !(scanner.skip("Z") || scanner.skip("z")) {
            let sign: Int64
            if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
            guard let offsetHours = scanner.digits(exactly: 2), scanner.skip(":"),
                  let offsetMinutes = scanner.digits(exactly: 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard scanner.isAtEnd else { return nil }
        let seconds = daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second - offsetSeconds
        guard secondsRange.contains(seconds) else { return nil }
        return (seconds, nanos)
    }

    // Days and civil dates in the proleptic Gregorian calendar, after Howard Hinnant's
    // public-domain algorithms: Foundation's calendars are heavier and locale-bound.

    private static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchBasedYear = month <= 2 ? year - 1 : year
        let era = marchBasedYear.floorDivided(by: 400)
        let yearOfEra = marchBasedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// google.protobuf.Duration as seconds with an "s" suffix: "1.500s", "-0.000001s".
enum DurationText {
    /// About 10,000 years, the range the Duration message allows.
    static let secondsRange: ClosedRange<Int64> = -315_576_000_000...315_576_000_000

    static func format(seconds: Int64, nanos: Int32) -> String? {
        guard secondsRange.contains(seconds), (-999_999_999...999_999_999).contains(nanos),
              seconds == 0 || nanos == 0 || (seconds < 0) == (nanos < 0)
        else { return nil }
        let sign = seconds < 0 || nanos < 0 ? "-" : ""
        return sign + String(seconds.magnitude) + fractionalSeconds(Int32(nanos.magnitude)) + "s"
    }

    static func parse(_ text: String) -> (seconds: Int64, nanos: Int32)? {
        var scanner = TextScanner(text)
        let isNegative = scanner.skip("-")
        guard let seconds = scanner.digits(), let nanos = scanner.fractionalNanos(), scanner.skip("s"),
              scanner.isAtEnd, secondsRange.contains(seconds)
        else { return nil }
        return isNegative ? (-seconds, -nanos) : (seconds, nanos)
    }
}

/// google.protobuf.FieldMask as its paths in lowerCamelCase, joined by commas.
enum FieldMaskText {
    static func format(paths: [String]) -> String {
        paths.map { path in
            path.split(separator: "_", omittingEmptySubsequences: false).enumerated().map { index, word in
                index == 0 ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
            }.joined()
        }.joined(separator: ",")
    }

    static func parse(_ text: String) -> [String] {
        text.split(separator: ",").map { path in
            path.map { $0.isUppercase ? "_" + $0.lowercased() : String($0) }.joined()
        }
    }
}

/// ".250", ".000001", ".123456789" or nothing: the fewest of 0, 3, 6 or 9 digits that
/// show the nanoseconds exactly, as the JSON mapping asks.
private func fractionalSeconds(_ nanos: Int32) -> String {
    switch nanos {
    case 0: ""
    case _ where nanos % 1_000_000 == 0: "." + padded(Int64(nanos / 1_000_000), 3)
    case _ where nanos % 1000 == 0: "." + padded(Int64(nanos / 1000), 6)
    default: "." + padded(Int64(nanos), 9)
    }
}

private func padded(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// Reads the fixed-layout texts of Timestamp and Duration.
private struct TextScanner {
    private var remaining: Substring

    init(_ text: String) {
        remaining = Substring(text)
    }

    var isAtEnd: Bool { remaining.isEmpty }

    mutating func skip(_ literal: String) -> Bool {
        guard remaining.hasPrefix(literal) else { return false }
        remaining = remaining.dropFirst(literal.count)
        return true
    }

    /// A run of ASCII digits, of exactly `count` when given; at most 12, which keeps
    /// every value in range of Int64 arithmetic.
    mutating func digits(exactly count: Int? = nil) -> Int64? {
        let run = remaining.prefix { $0.isASCII && $0.isNumber }
        guard !run.isEmpty, run.count <= 12, count == nil || run.count == count else { return nil }
        remaining = remaining.dropFirst(run.count)
        return Int64(run)
    }

    /// The nanoseconds of an optional "." and 1 to 9 digits; 0 when there is no ".".
    mutating func fractionalNanos() -> Int32? {
        guard skip(".") else { return 0 }
        let run = remaining.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(run.count), let value = Int32(run) else { return nil }
        remaining = remaining.dropFirst(run.count)
        return value * Int32(pow10: 9 - run.count)
    }
}

extension Int32 {
    fileprivate init(pow10 exponent: Int) {
        self = (0..<exponent).reduce(1) { result, _ in result * 10 }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, as calendar arithmetic before 1970 needs.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
