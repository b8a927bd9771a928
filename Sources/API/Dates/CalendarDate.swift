import Foundation

/// A day of the Gregorian calendar written YYYY-MM-DD, "2025-09-01", as the API writes
/// dates, compared as dates are.
public struct CalendarDate: Comparable, CustomStringConvertible, Sendable {
    public let year: Int, month: Int, day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day) else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Today in UTC.
    public static var today: CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// The same day `months` later, or the month's last day when it is shorter.
    public func adding(months: Int) -> CalendarDate {
        let total = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (total / 12, total % 12 + 1)
        return CalendarDate(String(format: "%04d-%02d-%02d", newYear, newMonth, min(day, Self.days(inMonth: newMonth, of: newYear))))!
    }

    /// Midnight UTC at the start of the day.
    public var start: Date {
        Calendar(identifier: .gregorian).date(from: DateComponents(timeZone: TimeZone(identifier: "UTC")!, year: year, month: month, day: day))!
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
