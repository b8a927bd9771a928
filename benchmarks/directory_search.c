/* SearchOrganisations latencies from C (the ecoprod C client library, libprotobuf-c):
 * reads queries from standard input, one per line — "text<TAB>words" or
 * "near<TAB>latitude<TAB>longitude<TAB>radius_km" — runs each once, decoding every hit,
 * and prints one JSON object per kind of query: count, p50 and p99 in milliseconds, mean
 * hits. The client costs microseconds, so what is measured is the daemon and the socket.
 *
 * usage: directory_search SOCKET [basic] < queries.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ecoprod/client.h>
#include "ecoprod/directory/v1/directory.pb-c.h"

#define MAX_QUERIES 100000

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *kind, double *ms, int count, long hits) {
    if (count == 0) return;
    qsort(ms, count, sizeof *ms, by_value);
    int p99 = (int)(0.99 * (count - 1) + 0.5);
    printf("{\"kind\": \"%s\", \"queries\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"mean_hits\": %.1f}\n",
           kind, count, ms[(count - 1) / 2], ms[p99], (double)hits / count);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SOCKET [basic] < queries.tsv\n", argv[0]);
        return 2;
    }
    ecoprod_status status;
    ecoprod_client *client = ecoprod_client_connect(argv[1], &status);
    if (!client) {
        fprintf(stderr, "connect: %s\n", status.message);
        return 1;
    }
    int basic = argc > 2 && strcmp(argv[2], "basic") == 0;
    static double text_ms[MAX_QUERIES], near_ms[MAX_QUERIES];
    int texts = 0, nears = 0;
    long text_hits = 0, near_hits = 0;
    char line[4096];
    while (fgets(line, sizeof line, stdin) && texts < MAX_QUERIES && nears < MAX_QUERIES) {
        line[strcspn(line, "\n")] = 0;
        Ecoprod__Directory__V1__SearchOrganisationsRequest request = ECOPROD__DIRECTORY__V1__SEARCH_ORGANISATIONS_REQUEST__INIT;
        Ecoprod__Directory__V1__GeoPoint point = ECOPROD__DIRECTORY__V1__GEO_POINT__INIT;
        if (basic) request.view = ECOPROD__DIRECTORY__V1__ORGANISATION_VIEW__ORGANISATION_VIEW_BASIC;
        int near = strncmp(line, "near\t", 5) == 0;
        if (near) {
            if (sscanf(line + 5, "%lf\t%lf\t%lf", &point.latitude, &point.longitude, &request.radius_km) != 3) continue;
            request.near_point = &point;
        } else if (strncmp(line, "text\t", 5) == 0) {
            request.text = line + 5;
        } else {
            continue;
        }
        double start = now_ms();
        ecoprod_stream *stream = ecoprod_client_server_stream(client, "ecoprod.directory.v1.Directory", "SearchOrganisations",
                                                             &request.base, &ecoprod__directory__v1__search_hit__descriptor, &status);
        if (!stream) {
            fprintf(stderr, "SearchOrganisations: %s\n", status.message);
            return 1;
        }
        long hits = 0;
        ProtobufCMessage *hit;
        int more;
        while ((more = ecoprod_stream_next(stream, &hit, &status)) == 1) {
            hits++;
            protobuf_c_message_free_unpacked(hit, NULL);
        }
        ecoprod_stream_close(stream);
        if (more < 0) {
            fprintf(stderr, "SearchOrganisations: %s %s\n", ecoprod_status_code_name(status.code), status.message);
            return 1;
        }
        double elapsed = now_ms() - start;
        if (near) {
            near_ms[nears++] = elapsed;
            near_hits += hits;
        } else {
            text_ms[texts++] = elapsed;
            text_hits += hits;
        }
    }
    report("text", text_ms, texts, text_hits);
    report("near", near_ms, nears, near_hits);
    ecoprod_client_close(client);
    return 0;
}
