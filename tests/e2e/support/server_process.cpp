// E2E harness for real git servers: programs, server processes, free loopback ports.
#include "support/server_process.hpp"

#include "util/fd.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <pwd.h>
#include <random>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace slipway::e2e {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, sep))
        if (!part.empty())
            out.push_back(part);
    return out;
}

// True when nothing listens on, or is bound to, 127.0.0.1:`port` right now.
bool port_free(int port) {
    util::Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
}

// The inode of the socket listening on 127.0.0.1 (or any address) port `port`, from
// /proc/net/tcp; 0 when there is none.
unsigned long listening_inode(int port) {
    std::ifstream in("/proc/net/tcp");
    std::string line;
    std::getline(in, line); // the header
    char wanted[8];
    std::snprintf(wanted, sizeof wanted, "%04X", port);
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
        unsigned long inode = 0;
        fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
            timeout >> inode;
        auto colon = local.find(':');
        if (state != "0A" || colon == std::string::npos || local.substr(colon + 1) != wanted)
            continue;
        auto host = local.substr(0, colon);
        if (host == "0100007F" || host == "00000000")
            return inode;
    }
    return 0;
}

bool holds_socket(pid_t pid, unsigned long inode) {
    std::error_code ec;
    const std::string wanted = "socket:[" + std::to_string(inode) + "]";
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
        std::error_code link_ec;
        if (fs::read_symlink(fd.path(), link_ec).string() == wanted)
            return true;
    }
    return false;
}

} // namespace

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
        s.pop_back();
    return s;
}

void write_text(const fs::path& path, const std::string& text, fs::perms perms) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    fs::permissions(path, perms);
}

std::string program(const std::string& name) {
    auto path = find_program(name);
    REQUIRE(path);
    return *path;
}

std::optional<std::string> find_program(const std::string& name) {
    if (const char* hidden = std::getenv("SLIPWAY_E2E_PRETEND_MISSING")) {
        auto names = split(hidden, ',');
        if (std::find(names.begin(), names.end(), name) != names.end())
            return std::nullopt;
    }
    const char* path = std::getenv("PATH");
    auto dirs = split(path ? path : "/usr/bin:/bin", ':');
    dirs.insert(dirs.end(), {"/usr/sbin", "/sbin", "/usr/lib/git-core"});
    for (const auto& dir : dirs) {
        fs::path candidate = fs::path(dir) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate.string();
    }
    return std::nullopt;
}

std::string missing_programs(const std::string& suite, const std::vector<Program>& programs) {
    std::string out;
    for (const auto& p : programs) {
        if (find_program(p.name))
            continue;
        if (!out.empty())
            out += "; ";
        out += suite + ": " + p.name + " is not installed (install/deps.sh installs " + p.package +
               ")";
    }
    return out;
}

std::vector<pid_t> processes_in_group(pid_t pgid) {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const auto name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit))
            continue;
        auto stat = read_text(entry.path() / "stat");
        auto paren = stat.rfind(')');
        if (paren == std::string::npos)
            continue;
        std::istringstream fields(stat.substr(paren + 1));
        char state = 0;
        pid_t ppid = 0, group = 0;
        fields >> state >> ppid >> group;
        if (group == pgid && state != 'Z' && state != 'X')
            out.push_back(static_cast<pid_t>(std::stol(name)));
    }
    return out;
}

ServerProcess::ServerProcess(const std::vector<std::string>& argv,
                             const std::map<std::string, std::string>& env, const fs::path& log)
    : m_log(log) {
    fs::create_directories(log.parent_path());
    std::vector<std::string> vars;
    for (const auto& [k, v] : env)
        vars.push_back(k + "=" + v);
    std::vector<char*> args, envp;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& v : vars)
        envp.push_back(const_cast<char*>(v.c_str()));
    envp.push_back(nullptr);
    util::Fd out(::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
    util::Fd in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    int report[2];
    REQUIRE((out.get() >= 0 && in.get() >= 0 && ::pipe2(report, O_CLOEXEC) == 0));
    util::Fd report_read(report[0]), report_write(report[1]);
    const pid_t parent = ::getpid();

    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The child: only async-signal-safe calls until execve. Its own group, so stop() reaches
        // every process it forks; SIGTERM when the test process dies without stopping it (a
        // crash, a ctest timeout); default signal handling and an empty mask, whatever the
        // test process has.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(127);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int sig = 1; sig < NSIG; ++sig)
            ::signal(sig, SIG_DFL);
        ::dup2(in.get(), 0);
        ::dup2(out.get(), 1);
        ::dup2(out.get(), 2);
        ::execve(args[0], args.data(), envp.data());
        int err = errno;
        (void)!::write(report_write.get(), &err, sizeof err);
        ::_exit(127);
    }
    // The group exists before anyone signals it, whichever of the two runs first.
    ::setpgid(pid, pid);
    report_write = util::Fd();
    int err = 0;
    if (::read(report_read.get(), &err, sizeof err) == sizeof err) {
        ::waitpid(pid, nullptr, 0);
        FAIL("cannot start " << argv.at(0) << ": " << std::strerror(err));
    }
    m_pid = pid;
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, 0))
    , m_exited(other.m_exited)
    , m_log(std::move(other.m_log)) {}

ServerProcess& ServerProcess::operator=(ServerProcess&& other) noexcept {
    if (this != &other) {
        stop();
        m_pid = std::exchange(other.m_pid, 0);
        m_exited = other.m_exited;
        m_log = std::move(other.m_log);
    }
    return *this;
}

bool ServerProcess::running() {
    if (m_pid <= 0 || m_exited)
        return false;
    int status = 0;
    pid_t got = ::waitpid(m_pid, &status, WNOHANG);
    if (got == 0)
        return true;
    m_exited = true;
    return false;
}

bool ServerProcess::listening_on(int port) const {
    auto inode = listening_inode(port);
    if (inode == 0)
        return false;
    for (pid_t pid : processes_in_group(m_pid))
        if (holds_socket(pid, inode))
            return true;
    return false;
}

void ServerProcess::stop() {
    if (m_pid <= 0)
        return;
    auto busy = [&] {
        return running() || !processes_in_group(m_pid).empty();
    };
    auto reap = [&] {
        while (::waitpid(-m_pid, nullptr, WNOHANG) > 0) {
        }
    };
    ::kill(-m_pid, SIGTERM);
    // A bounded wait for the server to finish its shutdown, not a measurement.
    for (auto deadline = std::chrono::steady_clock::now() + 10s;
         busy() && std::chrono::steady_clock::now() < deadline;) {
        reap();
        std::this_thread::sleep_for(20ms);
    }
    if (busy()) {
        ::kill(-m_pid, SIGKILL);
        if (!m_exited)
            ::waitpid(m_pid, nullptr, 0);
        m_exited = true;
        while (!processes_in_group(m_pid).empty()) {
            reap();
            std::this_thread::sleep_for(10ms);
        }
    }
    reap();
    m_pid = 0;
}

std::string ServerProcess::log() const {
    return read_text(m_log);
}

std::string server_account() {
    const passwd* pw = ::getpwuid(::geteuid());
    REQUIRE(pw != nullptr);
    return pw->pw_name;
}

std::map<std::string, std::string> server_env(const fs::path& home) {
    fs::create_directories(home);
    return {{"HOME", home.string()},
            {"USER", server_account()},
            {"PATH", "/usr/local/bin:/usr/bin:/bin"},
            {"LANG", "C"},
            {"LC_ALL", "C"},
            {"TZ", "UTC"},
            {"GIT_CONFIG_NOSYSTEM", "1"}};
}

int start_on_free_port(ServerProcess& process, const std::function<ServerProcess(int)>& start) {
    static std::mt19937 rng(std::random_device{}());
    std::uniform_int_distribution<int> ports(23000, 23999);
    std::string last_log = "(no port was free)";
    for (int attempt = 0; attempt < 20; ++attempt) {
        int port = ports(rng);
        if (!port_free(port))
            continue;
        process = start(port);
        // Ready when its own group holds the listening socket: a listener of another process
        // on the same port never counts. A bounded wait, not a measurement.
        for (auto deadline = std::chrono::steady_clock::now() + 20s;
             std::chrono::steady_clock::now() < deadline && process.running();) {
            if (process.listening_on(port))
                return port;
            std::this_thread::sleep_for(20ms);
        }
        last_log = process.log();
        process.stop();
    }
    FAIL("no server came up on a loopback port in 23000-23999; the last one said:\n" << last_log);
    return 0;
}

} // namespace slipway::e2e
