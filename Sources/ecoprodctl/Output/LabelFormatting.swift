import EcoprodAPI
import Foundation
import SwiftProtobuf

/// The first line printed for anything computed on a draft framework, so its criteria
/// and points are never taken for the official grid.
func draftBanner(notice: String) -> String {
    // Notices usually open with their own "DRAFT:"; one marker is enough.
    let text = notice.hasPrefix("DRAFT") ? notice.dropFirst(5).drop { ":—- ".contains($0) } : Substring(notice)
    return "DRAFT — \(text)"
}

/// The banner when only the framework's name is at hand (scores, plans).
func draftBanner(frameworkID: String, version: String) -> String {
    draftBanner(notice: "\(frameworkID) \(version) is a draft framework, not the official grid (ecoprodctl frameworks show \(frameworkID) --version \(version))")
}

func timestampText(_ timestamp: Google_Protobuf_Timestamp) -> String {
    ISO8601DateFormatter().string(from: timestamp.date)
}

func percentText(_ percent: Double) -> String { String(format: "%.1f %%", percent) }

func frameworkText(id: String, version: String, draft: Bool) -> String {
    "\(id) \(version)\(draft ? " (DRAFT)" : "")"
}

func actorText(_ actor: Ecoprod_Label_V1_Actor) -> String {
    let who = actor.user.isEmpty ? "uid \(actor.uid)" : "\(actor.user) (uid \(actor.uid))"
    return actor.viaPlugin.isEmpty ? who : "\(who) via \(actor.viaPlugin)"
}

func periodText(_ period: Ecoprod_Label_V1_Period) -> String {
    "\(period.start.isEmpty ? "?" : period.start) .. \(period.end.isEmpty ? "?" : period.end)"
}

func moneyText(cents: Int64, currency: String) -> String {
    "\(cents / 100).\(String(format: "%02lld", cents % 100)) \(currency)"
}

/// Long titles cut to fit a table row.
func shortened(_ text: String, to length: Int = 70) -> String {
    text.count <= length ? text : text.prefix(length - 1) + "…"
}

func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }
