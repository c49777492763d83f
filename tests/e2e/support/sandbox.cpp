// E2E harness: a temp dir with an isolated git setup, where tests run real git and slipway.
#include "support/sandbox.hpp"

#include "util/process.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

namespace slipway::e2e {

namespace fs = std::filesystem;

std::vector<std::string> Run::remote() const {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < output.size()) {
        auto nl = output.find('\n', start);
        std::string line = output.substr(start, nl == std::string::npos ? nl : nl - start);
        start = nl == std::string::npos ? output.size() : nl + 1;
        if (!line.starts_with("remote: "))
            continue;
        line.erase(0, 8);
        // git pads remote lines with spaces and may leave a CR or ANSI clear at the end.
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
            line.pop_back();
        if (auto esc = line.find("\x1b[K"); esc != std::string::npos)
            line.erase(esc, 3);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out.push_back(line);
    }
    return out;
}

std::vector<std::string> Run::gate() const {
    std::vector<std::string> out;
    for (const auto& line : remote()) {
        if (out.empty()) {
            if (line.starts_with("slipway: push "))
                out.push_back(line);
            continue;
        }
        if (!line.starts_with("  ") && !line.starts_with("hint: "))
            break;
        out.push_back(line);
    }
    return out;
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

Sandbox::Sandbox() {
    std::string tmpl = (fs::temp_directory_path() / "slipway-e2e-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    REQUIRE(made != nullptr);
    m_root = made;
    fs::create_directories(m_root / "home");
}

Sandbox::~Sandbox() {
    if (std::getenv("SLIPWAY_KEEP_SANDBOX"))
        return;
    std::error_code ec;
    fs::remove_all(m_root, ec);
}

namespace {

// The built binaries; tests/bench/hostile_push_bench.sh points SLIPWAY_E2E_BINARY_DIR at
// copies whose hooks run under /usr/bin/time, to measure what each case costs.
std::string binary_dir() {
    const char* dir = std::getenv("SLIPWAY_E2E_BINARY_DIR");
    return dir && *dir ? dir : SLIPWAY_BINARY_DIR;
}

} // namespace

std::string Sandbox::bin(const std::string& name) {
    return (fs::path(binary_dir()) / name).string();
}

Run Sandbox::sh(const std::string& script, const std::map<std::string, std::string>& env,
                const std::string& cwd) const {
    std::map<std::string, std::string> vars = {
        {"HOME", (m_root / "home").string()},
        {"PATH",
         binary_dir() + ":" + (std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin")},
        {"LANG", "C"},
        {"LC_ALL", "C"},
        {"TZ", "UTC"},
        {"GIT_CONFIG_NOSYSTEM", "1"},
        {"GIT_AUTHOR_NAME", "Alice Author"},
        {"GIT_AUTHOR_EMAIL", "alice@example.com"},
        {"GIT_COMMITTER_NAME", "Alice Author"},
        {"GIT_COMMITTER_EMAIL", "alice@example.com"},
        {"GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z"},
        {"GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z"},
        {"TF_CLI_CONFIG_FILE", (m_root / "home" / ".terraformrc").string()},
        {"SANDBOX", m_root.string()},
    };
    for (const auto& [k, v] : env)
        vars[k] = v;
    util::Command cmd;
    cmd.argv = {"env", "-i"};
    for (const auto& [k, v] : vars)
        cmd.argv.push_back(k + "=" + v);
    cmd.argv.insert(cmd.argv.end(), {"/bin/sh", "-c", script});
    cmd.cwd = cwd.empty() ? m_root : m_root / cwd;
    cmd.timeout = std::chrono::minutes(5);
    // Scripts start pushes and servers in the background and return: those must live on.
    cmd.leftovers = util::Leftovers::keep;
    Run run;
    auto exit = util::run_streaming(cmd, [&](std::string_view line) {
        run.output.append(line);
        run.output.push_back('\n');
    });
    REQUIRE(exit);
    run.exit_code = exit->ok() ? 0 : (exit->code >= 0 ? exit->code : 128 + exit->signal);
    return run;
}

std::string Sandbox::ok(const std::string& script, const std::map<std::string, std::string>& env,
                        const std::string& cwd) const {
    auto run = sh(script, env, cwd);
    INFO("script: " << script << "\noutput:\n" << run.output);
    REQUIRE(run.exit_code == 0);
    return run.output;
}

fs::path Sandbox::server(const std::string& name, const std::string& install_args) {
    ok("git init -q --bare -b master " + quote(name) + " && slipway install " + quote(name) + " " +
       install_args + " >/dev/null");
    return m_root / name;
}

void Sandbox::seeded(const std::string& policy_yaml) {
    ok("git init -q --bare -b master server.git && git clone -q server.git work 2>/dev/null && "
       "cd work && git commit -q --allow-empty -m init && git push -q origin master");
    std::string args;
    if (!policy_yaml.empty()) {
        write("policy.yaml", policy_yaml);
        args = "--policy policy.yaml";
    }
    ok("slipway install server.git " + args + " >/dev/null");
}

void Sandbox::write(const std::string& relative, const std::string& text) const {
    auto path = m_root / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace slipway::e2e
