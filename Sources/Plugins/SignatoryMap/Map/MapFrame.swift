import Foundation

/// A rectangle of the drawing and the part of the Earth it shows: an equirectangular
/// projection scaled by the cosine of the middle latitude, which keeps France's shape
/// within a few percent, fitted and centred in the rectangle.
struct MapFrame: Sendable {
    var x: Double, y: Double, width: Double, height: Double
    var west: Double, east: Double, south: Double, north: Double
    private var scale = 0.0, xScale = 0.0, offsetX = 0.0, offsetY = 0.0

    init(x: Double, y: Double, width: Double, height: Double, west: Double, east: Double, south: Double, north: Double) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
        (self.west, self.east, self.south, self.north) = (west, east, south, north)
        let shrink = cos((south + north) / 2 * .pi / 180)
        scale = min(width / ((east - west) * shrink), height / (north - south))
        xScale = scale * shrink
        offsetX = (width - (east - west) * xScale) / 2
        offsetY = (height - (north - south) * scale) / 2
    }

    /// The frame that shows `rings` with a margin.
    init(x: Double, y: Double, width: Double, height: Double, around rings: [Outlines.Ring], margin: Double = 0.08) {
        let points = rings.joined()
        let (west, east) = (points.map(\.longitude).min() ?? 0, points.map(\.longitude).max() ?? 1)
        let (south, north) = (points.map(\.latitude).min() ?? 0, points.map(\.latitude).max() ?? 1)
        let (padX, padY) = ((east - west) * margin, (north - south) * margin)
        self.init(x: x, y: y, width: width, height: height, west: west - padX, east: east + padX, south: south - padY, north: north + padY)
    }

    func contains(latitude: Double, longitude: Double) -> Bool {
        (west...east).contains(longitude) && (south...north).contains(latitude)
    }

    func project(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        (x + offsetX + (longitude - west) * xScale, y + offsetY + (north - latitude) * scale)
    }

    /// An SVG path of the rings, points closer than half a unit to the previous dropped.
    func path(_ rings: [Outlines.Ring]) -> String {
        var path = ""
        for ring in rings {
            var last: (x: Double, y: Double)?
            for (index, point) in ring.enumerated() {
                let p = project(latitude: point.latitude, longitude: point.longitude)
                if let last, index < ring.count - 1, abs(p.x - last.x) < 0.5, abs(p.y - last.y) < 0.5 { continue }
                path += (last == nil ? "M" : "L") + SVGText.number(p.x) + "," + SVGText.number(p.y)
                last = p
            }
            path += "Z"
        }
        return path
    }
}

/// Text as SVG and HTML carry it.
enum SVGText {
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// One decimal, no trailing zero.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return tenths % 10 == 0 ? sign + String(abs(tenths) / 10) : sign + String(abs(tenths) / 10) + "." + String(abs(tenths) % 10)
    }
}
