import CPluginABI
import EcoprodAPI
import EcoprodPluginKit
import Foundation
import SignatoryMapKit
import Synchronization

/// The signatory map plugin (../README.md): the active signatories of the charter as
/// GeoJSON, as a rendered map (SignatoryMapKit) and as counts. Its only state is the map
/// projected from the outlines once at start; everything else is read through the daemon
/// as the caller.
let signatoryMap = Plugin(
    id: "signatories",
    version: "1.0.0",
    description: "Map of the charter's active signatories: GeoJSON (clustered by zoom), SVG and HTML maps of France with overseas insets, counts",
    provides: ["signatories"],
    requires: ["ecoprod.daemon.v1", "ecoprod.directory.v1"],
    descriptorSet: Array(Data(base64Encoded: SignatoryMapDescriptors.fileDescriptorSetBase64)!),
    onInit: { host in
        let directory = "\(host.config("DataDirectory") ?? "/usr/share/ecoprod")/geo"
        do {
            let map = SVGMap(outlines: try Outlines(directory: directory))
            baseMap.withLock { $0 = .success(map) }
        } catch {
            host.log(.warning, "no rendered maps: \(error)")
            baseMap.withLock { $0 = .failure(PluginError(.failedPrecondition, "the map's outlines are not installed: \(error)")) }
        }
        return .ready
    },
    methods: [
        .serverStreaming("ecoprod.signatories.v1.Signatories/GetGeoJSON", role: .reader) {
            (request: Ecoprod_Signatories_V1_MapRequest, call, stream: PluginResponseStream<Ecoprod_Signatories_V1_MapChunk>) in
            let signatories = try await SignatoryReader(call: call).signatories(request)
            guard request.zoom <= 20 else { throw PluginError(.invalidArgument, "zoom: 0 (no clustering) to 20") }
            let clusters = request.zoom == 0 ? nil : Clustering.webMap(signatories, zoom: Int(request.zoom))
            try await send(GeoJSONWriter.featureCollection(signatories, clusters: clusters, attribution: SignatoryReader.geocodingAttribution),
                           as: "application/geo+json", to: stream)
        },
        .serverStreaming("ecoprod.signatories.v1.Signatories/RenderMap", role: .reader) {
            (request: Ecoprod_Signatories_V1_RenderMapRequest, call, stream: PluginResponseStream<Ecoprod_Signatories_V1_MapChunk>) in
            guard request.format == .svg || request.format == .html else { throw PluginError(.invalidArgument, "format: SVG or HTML") }
            let map = try baseMap.withLock { $0 }.get()
            let reader = SignatoryReader(call: call)
            let signatories = try await reader.signatories(request.map)
            let (categories, taxonomyNotice) = try await reader.categories()
            let title = request.title.isEmpty ? "Signataires de la charte Ecoprod" : request.title
            let charterNotices = try await reader.charterNotices(version: request.map.charterVersion)
            let subtitle = "\(signatories.count) signataires actifs" + (request.map.charterVersion.isEmpty ? "" : " · charte \(request.map.charterVersion)")
                + " · \(CalendarDate.today)" + (charterNotices.isEmpty ? "" : " · charte en projet (DRAFT)")
            let svg = map.render(signatories, categories: categories, title: title, subtitle: subtitle,
                                 attribution: "\(Outlines.attribution) · Géocodage : \(SignatoryReader.geocodingAttribution)")
            if request.format == .svg {
                try await send("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg, as: "image/svg+xml", to: stream)
            } else {
                let page = HTMLPage.page(svg: svg, signatories: signatories, categoryNames: Dictionary(categories.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                                         title: title, notes: charterNotices + [taxonomyNotice].compactMap { $0 })
                try await send(page, as: "text/html", to: stream)
            }
        },
        .unary("ecoprod.signatories.v1.Signatories/CountSignatories", role: .reader) {
            (request: Ecoprod_Signatories_V1_MapRequest, call) -> Ecoprod_Signatories_V1_SignatoryCounts in
            let counts = try await SignatoryReader(call: call).counts(request)
            return .with {
                $0.total = counts.total
                $0.byRegion = counts.byRegion
                $0.byCategory = counts.byCategory
            }
        },
    ]
)

/// The map projected from the outlines at start, or why there is none.
let baseMap = Mutex<Result<SVGMap, PluginError>>(.failure(PluginError(.unavailable, "the plugin is starting")))

/// Text in chunks of at most 1 MiB, the first saying its media type.
func send(_ text: String, as mediaType: String, to stream: PluginResponseStream<Ecoprod_Signatories_V1_MapChunk>) async throws {
    try await send(Array(text.utf8), as: mediaType, to: stream)
}

func send(_ bytes: [UInt8], as mediaType: String, to stream: PluginResponseStream<Ecoprod_Signatories_V1_MapChunk>) async throws {
    let chunkSize = 1 << 20
    var offset = 0
    repeat {
        let end = min(bytes.count, offset + chunkSize)
        try await stream.send(.with {
            $0.data = Data(bytes[offset..<end])
            if offset == 0 { $0.mediaType = mediaType }
        })
        offset = end
    } while offset < bytes.count
}

@c(ecoprod_plugin_entry_v1)
public func ecoprodPluginEntry(_ hostMajor: UInt32, _ hostMinor: UInt32) -> UnsafePointer<ecoprod_plugin_descriptor>? {
    signatoryMap.entry(hostMajor: hostMajor, hostMinor: hostMinor)
}

// Fails to compile if the entry point's signature drifts from the ABI's.
private let entryTypeCheck: ecoprod_plugin_entry_fn = ecoprodPluginEntry
