// Throughput of manifest judgement: microservices-demo x150 with strict schemas, against the
// libyaml event-parse floor. Prints CPU seconds (best of N runs) and ratios.
#include "manifest/judge.hpp"
#include "manifest/schema_set.hpp"

#include <yaml.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
using namespace slipway::manifest;

namespace {

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct File {
    std::string path;
    std::string content;
};

// The floor: libyaml's event parser over every file, events freed, nothing built.
std::size_t parse_only(const std::vector<File>& files) {
    std::size_t events = 0;
    for (const auto& f : files) {
        yaml_parser_t parser;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(
            &parser, reinterpret_cast<const unsigned char*>(f.content.data()), f.content.size());
        yaml_event_t event;
        for (;;) {
            if (!yaml_parser_parse(&parser, &event))
                break;
            bool end = event.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&event);
            ++events;
            if (end)
                break;
        }
        yaml_parser_delete(&parser);
    }
    return events;
}

// The classic "billion laughs": nine levels of ten aliases, 10^9 strings once expanded.
std::string billion_laughs() {
    std::string s = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n"
                    "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        std::string prev(1, static_cast<char>(c - 1));
        s += std::string("  ") + c + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            s += (i ? ", *" : "*") + prev;
        s += "]\n";
    }
    return s;
}

Settings bench_settings() {
    Settings s;
    s.strict = true;
    s.schema_skip_groups = {"kustomize.config.k8s.io"};
    s.image_pinned.enabled = true;
    s.image_registry.enabled = true;
    s.allowed_registries = {"us-central1-docker.pkg.dev/google-samples/microservices-demo"};
    s.resources.enabled = true;
    s.deprecated_api.enabled = true;
    s.kubernetes_version = "1.29";
    s.required_labels.enabled = true;
    s.labels = {"app"};
    return s;
}

} // namespace

int main(int argc, char** argv) {
    const int copies = argc > 1 ? std::atoi(argv[1]) : 150;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 7;
    const fs::path data = SLIPWAY_TEST_DATA_DIR;
    const fs::path dir = data / "corpus/microservices-demo/kubernetes-manifests";
    const fs::path definitions = data / "k8s/definitions.json";

    std::vector<File> originals;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".yaml")
            originals.push_back({entry.path().filename().string(), read(entry.path())});
    std::sort(originals.begin(), originals.end(),
              [](const File& a, const File& b) { return a.path < b.path; });
    std::vector<File> files;
    std::size_t bytes = 0;
    for (int c = 0; c < copies; ++c)
        for (const auto& f : originals) {
            files.push_back({"copy" + std::to_string(c) + "/" + f.path, f.content});
            bytes += f.content.size();
        }

    // What the judgement finds in one copy, by rule: proof that every rule ran.
    std::map<std::string, int> by_rule;
    {
        SchemaSet schemas;
        (void)schemas.add_openapi_file(definitions);
        DuplicateTracker tracker;
        Settings s = bench_settings();
        for (const auto& f : originals)
            for (const auto& finding : judge_file(f.path, f.content, schemas, s, &tracker).findings)
                ++by_rule[finding.rule];
    }

    double best_parse = 1e9, best_load = 1e9, best_compile = 1e9, best_total = 1e9;
    std::size_t events = 0, objects = 0, findings = 0;
    Settings settings = bench_settings();
    for (int r = 0; r < runs; ++r) {
        double t0 = cpu_seconds();
        events = parse_only(files);
        best_parse = std::min(best_parse, cpu_seconds() - t0);

        // The whole judgement: schema loading included, every file judged in full, one
        // duplicate tracker per copy (each copy is one deploy target).
        t0 = cpu_seconds();
        SchemaSet schemas;
        if (auto s = schemas.add_openapi_file(definitions); !s) {
            std::fprintf(stderr, "%s\n", s.error().message.c_str());
            return 1;
        }
        double t_loaded = cpu_seconds();
        // Compiling is lazy, per kind; done here so it can be reported on its own.
        for (auto [group, version, kind] :
             {std::tuple{"apps", "v1", "Deployment"}, std::tuple{"", "v1", "Service"},
              std::tuple{"", "v1", "ServiceAccount"}})
            (void)schemas.find(group, version, kind);
        double t_compiled = cpu_seconds();
        objects = findings = 0;
        std::size_t per_copy = originals.size();
        for (std::size_t i = 0; i < files.size(); i += per_copy) {
            DuplicateTracker tracker(settings.default_namespace);
            for (std::size_t j = i; j < i + per_copy; ++j) {
                FileVerdict v =
                    judge_file(files[j].path, files[j].content, schemas, settings, &tracker);
                objects += v.objects.size();
                findings += v.findings.size();
            }
        }
        double t1 = cpu_seconds();
        best_load = std::min(best_load, t_loaded - t0);
        best_compile = std::min(best_compile, t_compiled - t_loaded);
        best_total = std::min(best_total, t1 - t0);
    }

    // A hostile file: rejected by the alias limit, not after gigabytes.
    const std::string bomb = billion_laughs();
    double best_bomb = 1e9;
    std::string bomb_verdict;
    {
        SchemaSet none;
        for (int r = 0; r < runs; ++r) {
            double t0 = cpu_seconds();
            FileVerdict v = judge_file("lol.yaml", bomb, none, settings);
            best_bomb = std::min(best_bomb, cpu_seconds() - t0);
            bomb_verdict = v.findings.empty() ? "ACCEPTED" : v.findings[0].rule;
        }
    }

    std::printf(
        "corpus: %zu files, %.2f MB, %zu objects judged, %zu findings, %zu libyaml events\n",
        files.size(), static_cast<double>(bytes) / 1e6, objects, findings, events);
    std::printf("findings per copy by rule:");
    for (const auto& [rule, n] : by_rule)
        std::printf(" %s=%d", rule.c_str(), n);
    std::printf("\n");
    std::printf("best of %d runs, CPU seconds:\n", runs);
    std::printf("  libyaml event parse alone (floor) : %.4f s\n", best_parse);
    std::printf("  schema loading (definitions.json) : %.4f s\n", best_load);
    std::printf("  schema compile (3 kinds, lazy)    : %.4f s\n", best_compile);
    std::printf("  whole judgement (incl. schemas)   : %.4f s\n", best_total);
    std::printf("  judgement / floor                 : %.2fx\n", best_total / best_parse);
    std::printf("  billion laughs (%zu bytes)        : %.6f s, rejected by %s\n", bomb.size(),
                best_bomb, bomb_verdict.c_str());
    std::printf("  target 0.16 s                     : %s (%.0f%% of it)\n",
                best_total <= 0.16 ? "met" : "MISSED", 100.0 * best_total / 0.16);
    return 0;
}
