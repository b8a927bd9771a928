import Foundation

/// The rendered map: metropolitan France with its regions and neighbours, the overseas
/// regions in insets, one dot per signatory or per cluster coloured by category, a
/// legend, a title and the data's attribution. The outlines are projected once; a render
/// only places the dots.
public struct SVGMap: Sendable {
    public static let width = 1000.0, height = 960.0
    /// Signatories closer than this (in the drawing's units) are drawn as one cluster.
    public static let clusterCell = 14.0

    /// A disc's radius for a cluster of `members`: a dot for one, growing with the square
    /// root (area with the count) up to a cap.
    static func radius(_ members: Int) -> Double {
        members == 1 ? 3.5 : min(22, 4 + 2.2 * Double(members).squareRoot())
    }
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                          "#e377c2", "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39"]
    static let noCategory = "#555555"
    /// The overseas regions drawn in insets, by INSEE code, top to bottom.
    static let overseas = ["01", "02", "03", "04", "06"]

    struct Frame: Sendable {
        var frame: MapFrame
        var label: String?
    }

    let frames: [Frame]
    let base: String

    public init(outlines: Outlines) {
        let metropolitan = MapFrame(x: 20, y: 70, width: 680, height: 690, west: -5.4, east: 9.8, south: 41.2, north: 51.3)
        var frames = [Frame(frame: metropolitan, label: nil)]
        var base = "<defs><clipPath id=\"metropole\"><rect x=\"20\" y=\"70\" width=\"680\" height=\"690\"/></clipPath></defs>"
        base += "<rect x=\"20\" y=\"70\" width=\"680\" height=\"690\" fill=\"#e8f1f8\"/>"
        base += "<g clip-path=\"url(#metropole)\"><g fill=\"#efefef\" stroke=\"#c8c8c8\" stroke-width=\"0.6\">"
        base += outlines.neighbours.map { "<path d=\"\(metropolitan.path($0))\"/>" }.joined()
        base += "</g><g fill=\"#fdfbf3\" stroke=\"#8a8a8a\" stroke-width=\"0.8\">"
        base += outlines.regions.filter { !Self.overseas.contains($0.code) }.map {
            "<path d=\"\(metropolitan.path($0.rings))\"><title>\(SVGText.escaped($0.name))</title></path>"
        }.joined()
        base += "</g></g>"
        for (index, code) in Self.overseas.enumerated() {
            guard let region = outlines.regions.first(where: { $0.code == code }) else { continue }
            let frame = MapFrame(x: 715, y: 70 + Double(index) * 140, width: 265, height: 130, around: region.rings)
            frames.append(Frame(frame: frame, label: region.name))
            base += "<rect x=\"715\" y=\"\(SVGText.number(frame.y))\" width=\"265\" height=\"130\" fill=\"#e8f1f8\" stroke=\"#b0b0b0\" stroke-width=\"0.6\"/>"
            base += "<path d=\"\(frame.path(region.rings))\" fill=\"#fdfbf3\" stroke=\"#8a8a8a\" stroke-width=\"0.8\"/>"
            base += "<text x=\"720\" y=\"\(SVGText.number(frame.y + 14))\" class=\"inset\">\(SVGText.escaped(region.name))</text>"
        }
        self.frames = frames
        self.base = base
    }

    /// Categories in the legend's order, with their names.
    public typealias Categories = [(id: String, name: String)]

    public func render(_ signatories: [Signatory], categories: Categories, title: String, subtitle: String, attribution: String) -> String {
        let colours = Dictionary(categories.enumerated().map { ($1.id, Self.palette[$0 % Self.palette.count]) }, uniquingKeysWith: { a, _ in a })
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
        svg += "font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\" aria-label=\"\(SVGText.escaped(title))\">"
        svg += "<style>.inset{font-size:11px;fill:#444}.count{font-size:9px;fill:#fff;font-weight:bold;text-anchor:middle;dominant-baseline:central}"
        svg += ".legend{font-size:12px;fill:#222}.note{font-size:10px;fill:#555}</style>"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        svg += "<text x=\"20\" y=\"34\" font-size=\"22\" font-weight=\"bold\" fill=\"#1b3a2b\">\(SVGText.escaped(title))</text>"
        svg += "<text x=\"20\" y=\"56\" font-size=\"13\" fill=\"#444\">\(SVGText.escaped(subtitle))</text>"
        svg += base
        // Each signatory in the first frame that shows it; clusters per frame, in the frame's units.
        var placed: [(cluster: Cluster, x: Double, y: Double)] = []
        var shown = Array(repeating: 0, count: categories.count + 1)
        var outside = signatories.count
        for frame in frames {
            let clusters = Clustering.grid(signatories, cell: Self.clusterCell, separation: { Self.radius($0) + Self.radius($1) + 1 }) { signatory in
                guard frame.frame.contains(latitude: signatory.latitude, longitude: signatory.longitude) else { return nil }
                return frame.frame.project(latitude: signatory.latitude, longitude: signatory.longitude)
            }
            for cluster in clusters {
                let p = frame.frame.project(latitude: cluster.latitude, longitude: cluster.longitude)
                placed.append((cluster, p.x, p.y))
                outside -= cluster.members.count
                for index in cluster.members {
                    let first = signatories[index].categories.first.flatMap { id in categories.firstIndex { $0.id == id } }
                    shown[first ?? categories.count] += 1
                }
            }
        }
        // Large clusters under small ones, and every count above every disc.
        placed.sort { $0.cluster.members.count > $1.cluster.members.count }
        svg += "<g stroke=\"#ffffff\" stroke-width=\"0.8\">"
        for (cluster, px, py) in placed {
            let colour = cluster.categories.first.flatMap { colours[$0.id] } ?? Self.noCategory
            let (x, y) = (SVGText.number(px), SVGText.number(py))
            let radius = SVGText.number(Self.radius(cluster.members.count))
            if cluster.members.count == 1 {
                let signatory = signatories[cluster.members[0]]
                svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"\(radius)\" fill=\"\(colour)\"><title>\(SVGText.escaped(signatory.name)) — \(SVGText.escaped(signatory.city))</title></circle>"
            } else {
                svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"\(radius)\" fill=\"\(colour)\" fill-opacity=\"0.85\"><title>\(cluster.members.count) signataires</title></circle>"
            }
        }
        svg += "</g>"
        for (cluster, px, py) in placed where cluster.members.count > 1 {
            svg += "<text x=\"\(SVGText.number(px))\" y=\"\(SVGText.number(py))\" class=\"count\">\(cluster.members.count)</text>"
        }
        svg += legend(categories, colours: colours, counts: shown, outside: outside)
        svg += "<text x=\"20\" y=\"948\" class=\"note\">\(SVGText.escaped(attribution))</text>"
        return svg + "</svg>"
    }

    /// Two columns of swatches, by first category, with how many signatories each.
    private func legend(_ categories: Categories, colours: [String: String], counts: [Int], outside: Int) -> String {
        var legend = "<g class=\"legend\">"
        var entries = categories.enumerated().map { (colours[$1.id] ?? Self.noCategory, $1.name, counts[$0]) }
        entries.append((Self.noCategory, "Sans catégorie", counts[categories.count]))
        for (index, entry) in entries.filter({ $0.2 > 0 }).enumerated() {
            let x = 20 + Double(index % 3) * 320, y = 786 + Double(index / 3) * 20
            legend += "<circle cx=\"\(SVGText.number(x + 6))\" cy=\"\(SVGText.number(y - 4))\" r=\"6\" fill=\"\(entry.0)\"/>"
            legend += "<text x=\"\(SVGText.number(x + 18))\" y=\"\(SVGText.number(y))\">\(SVGText.escaped(entry.1)) (\(entry.2))</text>"
        }
        legend += "</g><text x=\"20\" y=\"932\" class=\"note\">Un disque par signataire ; un disque numéroté regroupe les signataires voisins, coloré par leur catégorie la plus fréquente."
        if outside > 0 { legend += " \(outside) signataires hors de la carte." }
        return legend + "</text>"
    }
}
