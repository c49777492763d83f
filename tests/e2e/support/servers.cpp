// E2E harness: real git servers started by the test on loopback, configured in its sandbox.
#include "support/servers.hpp"

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
#include <sys/stat.h>
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

void write_text(const fs::path& path, const std::string& text,
                fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    fs::permissions(path, perms);
}

// The path of a program a suite listed in programs(); only called once missing() said yes.
std::string program(const std::string& name) {
    auto path = find_program(name);
    REQUIRE(path);
    return *path;
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

SshKey ssh_key(const Sandbox& sb, const std::string& name) {
    SshKey key{name, sb.root() / "ssh" / "keys" / name, ""};
    if (!fs::exists(key.private_key))
        sb.ok("mkdir -p ssh/keys && ssh-keygen -q -t ed25519 -N '' -C " + quote(name) + " -f " +
              quote(key.private_key.string()));
    key.public_key = trimmed(read_text(key.private_key.string() + ".pub"));
    return key;
}

// ---- sshd ----

std::vector<Program> SshServer::programs() {
    return {{"sshd", "openssh-server"},
            {"ssh", "openssh-client"},
            {"ssh-keygen", "openssh-client"},
            {"git-shell", "git"}};
}

std::string SshServer::missing() {
    return missing_programs("sshd", programs());
}

SshServer::SshServer(const Sandbox& sb, Options options)
    : m_options(std::move(options))
    , m_user(server_account()) {
    const fs::path dir = sb.root() / m_options.name;
    m_home = m_options.home.value_or(dir / "home");
    const fs::path& home = m_home;
    fs::create_directories(home);
    sb.ok("ssh-keygen -q -t ed25519 -N '' -C host -f " + quote((dir / "host_key").string()));

    std::vector<std::string> client_keys = m_options.client_keys;
    fs::path authorized = m_options.authorized_keys.value_or(dir / "authorized_keys");
    if (!m_options.authorized_keys) {
        std::string lines;
        for (const auto& login : m_options.logins) {
            // git-shell runs only git's own commands; the identity is the key's, not the
            // client's to choose.
            std::string command = "git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"";
            if (login.identity)
                command = "env REMOTE_USER=" + *login.identity + " " + command;
            lines +=
                "restrict,command=\"" + command + "\" " + ssh_key(sb, login.key).public_key + "\n";
            client_keys.push_back(login.key);
        }
        write_text(authorized, lines);
    }
    // Privilege separation wants this directory; Debian's service would make it at boot.
    std::error_code ec;
    fs::create_directories("/run/sshd", ec);

    const std::string sshd = program("sshd");
    std::string extra_env;
    for (const auto& [k, v] : m_options.env)
        extra_env += " " + k + "=" + v;
    m_port = start_on_free_port(m_process, [&](int port) {
        // StrictModes no: the sandbox is under /tmp, a world-writable directory sshd would refuse.
        write_text(dir / "sshd_config", "ListenAddress 127.0.0.1:" + std::to_string(port) + "\n" +
                                            "HostKey " + (dir / "host_key").string() + "\n" +
                                            "PidFile none\n"
                                            "AuthorizedKeysFile " +
                                            authorized.string() + "\n" +
                                            "StrictModes no\n"
                                            "UsePAM no\n"
                                            "PubkeyAuthentication yes\n"
                                            "PasswordAuthentication no\n"
                                            "KbdInteractiveAuthentication no\n"
                                            "PermitRootLogin prohibit-password\n"
                                            "AllowUsers " +
                                            m_user + "\n" +
                                            "AllowTcpForwarding no\n"
                                            "X11Forwarding no\n"
                                            "PermitTunnel no\n"
                                            "PermitUserEnvironment no\n"
                                            "PrintMotd no\n"
                                            "UseDNS no\n"
                                            "SetEnv HOME=" +
                                            home.string() + " GIT_CONFIG_NOSYSTEM=1 LANG=C" +
                                            extra_env + "\n" + "LogLevel VERBOSE\n");
        return ServerProcess({sshd, "-D", "-e", "-f", (dir / "sshd_config").string()},
                             server_env(dir / "daemon-home"), dir / "sshd.log");
    });

    // The client side: a host alias per key, the host key pinned.
    auto host_key = split(read_text(dir / "host_key.pub"), ' ');
    REQUIRE(host_key.size() >= 2);
    const fs::path client = sb.root() / "ssh";
    std::ofstream(client / "known_hosts", std::ios::app)
        << "[127.0.0.1]:" << m_port << " " << host_key[0] << " " << host_key[1] << "\n";
    std::ofstream config(client / "config", std::ios::app);
    for (const auto& name : client_keys) {
        auto key = ssh_key(sb, name);
        config << "Host " << alias(name) << "\n"
               << "  HostName 127.0.0.1\n  Port " << m_port << "\n  User " << m_user << "\n"
               << "  IdentityFile " << key.private_key.string() << "\n"
               << "  IdentitiesOnly yes\n  IdentityAgent none\n"
               << "  UserKnownHostsFile " << (client / "known_hosts").string() << "\n"
               << "  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n"
               << "  BatchMode yes\n  LogLevel ERROR\n";
    }
    config.close();
    sb.ok("git config --global core.sshCommand " + quote("ssh -F " + (client / "config").string()));
}

std::string SshServer::url(const std::string& key, const std::string& path) const {
    return alias(key) + ":" + path;
}

// ---- nginx + fcgiwrap + git-http-backend ----

std::vector<Program> HttpServer::programs() {
    return {{"nginx", "nginx"},
            {"fcgiwrap", "fcgiwrap"},
            {"openssl", "openssl"},
            {"git-http-backend", "git"}};
}

std::string HttpServer::missing() {
    return missing_programs("nginx + fcgiwrap + git-http-backend", programs());
}

HttpServer::HttpServer(const Sandbox& sb, Options options)
    : m_options(std::move(options)) {
    const fs::path dir = sb.root() / "http";
    m_home = dir / "backend-home";
    fs::create_directories(dir / "tmp");
    fs::create_directories(m_home);
    std::string htpasswd;
    for (const auto& [user, password] : m_options.users)
        htpasswd += user + ":" + trimmed(sb.ok("openssl passwd -apr1 " + quote(password))) + "\n";
    write_text(dir / "htpasswd", htpasswd);

    const fs::path socket = dir / "fcgiwrap.sock";
    m_fcgiwrap = ServerProcess({program("fcgiwrap"), "-s", "unix:" + socket.string(), "-c", "2"},
                               server_env(dir / "fcgiwrap-home"), dir / "fcgiwrap.log");
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         !fs::exists(socket) && m_fcgiwrap.running() &&
         std::chrono::steady_clock::now() < deadline;)
        std::this_thread::sleep_for(20ms);
    INFO("fcgiwrap said:\n" << m_fcgiwrap.log());
    REQUIRE(fs::exists(socket));

    const std::string backend = program("git-http-backend");
    std::string extra_params;
    for (const auto& [k, v] : m_options.env)
        extra_params += "      fastcgi_param " + k + " " + v + ";\n";
    const std::string nginx = program("nginx");
    const bool root = ::geteuid() == 0;
    const std::string p = dir.string();
    const std::string streaming = m_options.streaming == Streaming::on
                                      ? "      fastcgi_buffering off;\n"
                                        "      fastcgi_param NO_BUFFERING 1;\n"
                                      : "";
    m_port = start_on_free_port(m_nginx, [&](int port) {
        // Workers run as the test's user (root here), who owns the sandbox and the socket.
        write_text(dir / "nginx.conf",
                   "daemon off;\n"
                   "worker_processes 1;\n" +
                       (root ? "user root root;\n" : std::string()) + "pid " + p +
                       "/nginx.pid;\n"
                       "error_log " +
                       p +
                       "/error.log info;\n"
                       "events { worker_connections 64; }\n"
                       "http {\n"
                       "  access_log " +
                       p +
                       "/access.log;\n"
                       "  client_body_temp_path " +
                       p +
                       "/tmp/body;\n"
                       "  fastcgi_temp_path " +
                       p +
                       "/tmp/fastcgi;\n"
                       "  proxy_temp_path " +
                       p +
                       "/tmp/proxy;\n"
                       "  uwsgi_temp_path " +
                       p +
                       "/tmp/uwsgi;\n"
                       "  scgi_temp_path " +
                       p +
                       "/tmp/scgi;\n"
                       "  server {\n"
                       "    listen 127.0.0.1:" +
                       std::to_string(port) + ";\n" +
                       "    client_max_body_size 0;\n"
                       "    location / {\n"
                       "      auth_basic \"slipway\";\n"
                       "      auth_basic_user_file " +
                       p +
                       "/htpasswd;\n"
                       "      fastcgi_pass unix:" +
                       socket.string() + ";\n" + streaming +
                       "      fastcgi_param SCRIPT_FILENAME " + backend + ";\n" +
                       "      fastcgi_param GIT_PROJECT_ROOT " + sb.root().string() + ";\n" +
                       "      fastcgi_param GIT_HTTP_EXPORT_ALL \"\";\n"
                       "      fastcgi_param GIT_CONFIG_NOSYSTEM 1;\n"
                       "      fastcgi_param GIT_CONFIG_COUNT 1;\n"
                       "      fastcgi_param GIT_CONFIG_KEY_0 http.receivepack;\n"
                       "      fastcgi_param GIT_CONFIG_VALUE_0 true;\n" +
                       extra_params + "      fastcgi_param HOME " + p + "/backend-home;\n" +
                       "      fastcgi_param PATH /usr/local/bin:/usr/bin:/bin;\n"
                       "      fastcgi_param LANG C;\n"
                       "      fastcgi_param PATH_INFO $uri;\n"
                       "      fastcgi_param QUERY_STRING $query_string;\n"
                       "      fastcgi_param REQUEST_METHOD $request_method;\n"
                       "      fastcgi_param CONTENT_TYPE $content_type;\n"
                       "      fastcgi_param CONTENT_LENGTH $content_length;\n"
                       "      fastcgi_param HTTP_CONTENT_ENCODING $http_content_encoding;\n"
                       "      fastcgi_param GIT_PROTOCOL $http_git_protocol;\n"
                       "      fastcgi_param REMOTE_USER $remote_user;\n"
                       "      fastcgi_param REMOTE_ADDR $remote_addr;\n"
                       "      fastcgi_param REMOTE_PORT $remote_port;\n"
                       "      fastcgi_param SERVER_PROTOCOL $server_protocol;\n"
                       "      fastcgi_param GATEWAY_INTERFACE CGI/1.1;\n"
                       "    }\n"
                       "  }\n"
                       "}\n");
        return ServerProcess({nginx, "-p", p, "-c", p + "/nginx.conf", "-e", p + "/error.log"},
                             server_env(dir / "nginx-home"), dir / "nginx.log");
    });
}

std::string HttpServer::url(const std::string& user, const std::string& repo) const {
    return "http://" + user + ":" + m_options.users.at(user) +
           "@127.0.0.1:" + std::to_string(m_port) + "/" + repo;
}

std::string HttpServer::anonymous_url(const std::string& repo) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + "/" + repo;
}

// ---- gitolite ----

std::vector<Program> GitoliteServer::programs() {
    auto out = SshServer::programs();
    out.push_back({"gitolite", "gitolite3"});
    return out;
}

std::string GitoliteServer::missing() {
    return missing_programs("gitolite3", programs());
}

GitoliteServer::GitoliteServer(const Sandbox& sb, std::vector<std::string> users,
                               std::map<std::string, std::string> env)
    : m_sb(sb)
    , m_home(sb.root() / "gitolite" / "home")
    , m_users(std::move(users)) {
    fs::create_directories(m_home);
    const std::map<std::string, std::string> as_gitolite = {{"HOME", m_home.string()},
                                                            {"USER", server_account()}};
    // The admin's key file name is the admin's gitolite name.
    write_text(sb.root() / "gitolite" / "admin.pub", ssh_key(sb, "admin").public_key + "\n");
    sb.ok("gitolite setup -pk " + quote((sb.root() / "gitolite" / "admin.pub").string()) + " 2>&1",
          as_gitolite);

    // Repo-specific hooks, as gitolite's rc documents them: LOCAL_CODE, and the feature enabled.
    auto rc = read_text(m_home / ".gitolite.rc");
    for (auto [from, to] : {std::pair<std::string, std::string>{
                                "# LOCAL_CODE                =>  \"$ENV{HOME}/local\",",
                                "LOCAL_CODE                =>  \"$ENV{HOME}/local\","},
                            {"# 'repo-specific-hooks',", "'repo-specific-hooks',"}}) {
        auto at = rc.find(from);
        INFO("gitolite's rc has no line " << from);
        REQUIRE(at != std::string::npos);
        rc.replace(at, from.size(), to);
    }
    write_text(m_home / ".gitolite.rc", rc);
    const auto exec = fs::perms::owner_all;
    for (const std::string hook : {"pre-receive", "post-receive"})
        write_text(m_home / "local" / "hooks" / "repo-specific" / ("slipway-" + hook),
                   "#!/bin/sh\n# Slipway's " + hook + " as a gitolite repo-specific hook.\nexec " +
                       quote(Sandbox::bin("slipway-" + hook)) + " \"$@\"\n",
                   exec);

    std::vector<std::string> keys = {"admin"};
    keys.insert(keys.end(), m_users.begin(), m_users.end());
    m_ssh = std::make_unique<SshServer>(
        sb, SshServer::Options{.name = "gitolite",
                               .logins = {},
                               .authorized_keys = m_home / ".ssh" / "authorized_keys",
                               .client_keys = keys,
                               .home = m_home,
                               .env = std::move(env)});

    sb.ok("git clone -q " + quote(m_ssh->url("admin", "gitolite-admin")) + " gitolite/admin");
    for (const auto& user : m_users)
        write_text(sb.root() / "gitolite" / "admin" / "keydir" / (user + ".pub"),
                   ssh_key(sb, user).public_key + "\n");
    m_repos = {{"gitolite-admin", "    RW+ = admin\n"}};
    push_conf("keys of " + std::to_string(m_users.size()) + " users");
}

void GitoliteServer::push_conf(const std::string& message) {
    std::string conf;
    for (const auto& [name, lines] : m_repos)
        conf += "repo " + name + "\n" + lines;
    write_text(m_sb.root() / "gitolite" / "admin" / "conf" / "gitolite.conf", conf);
    m_sb.ok("git add -A && git commit -qm " + quote(message) + " && git push -q origin master 2>&1",
            {}, "gitolite/admin");
}

void GitoliteServer::add_repo(const std::string& name, const std::vector<std::string>& rules) {
    std::string lines;
    for (const auto& rule : rules)
        lines += "    " + rule + "\n";
    m_repos.emplace_back(name, lines);
    push_conf("repo " + name);
}

void GitoliteServer::install_slipway(const std::string& name, const std::string& install_args) {
    // While gitolite has put no pre-receive or post-receive into the repository, `slipway
    // install` writes its policy, state and baseline (and hooks, which gitolite replaces next).
    //
    // What `slipway install` would need to do this itself (issue #12, item 7): see that the
    // repository is gitolite's (under GL_REPO_BASE, or the `gitolite-options.hook.*` keys
    // gitolite writes into its config); write LOCAL_CODE/hooks/repo-specific/slipway-pre-receive
    // and slipway-post-receive (exec the binaries by absolute path) instead of hooks/, and leave
    // hooks/ to gitolite (its multi-hook driver symlinks are not "a hook it did not write" to
    // refuse); check the rc has LOCAL_CODE and 'repo-specific-hooks' and say which line to add
    // when not; write the policy, state and baseline and set receive.advertisePushOptions as
    // today; print the two `option hook.* = slipway-*` lines for gitolite.conf, which only a
    // push of gitolite-admin can add; and `slipway uninstall` the same way round.
    m_sb.ok("slipway install " + quote(repo_path(name).string()) + " " + install_args +
            " >/dev/null");
    auto at = std::find_if(m_repos.begin(), m_repos.end(),
                           [&](const auto& repo) { return repo.first == name; });
    REQUIRE(at != m_repos.end());
    at->second += "    option hook.pre-receive = slipway-pre-receive\n"
                  "    option hook.post-receive = slipway-post-receive\n";
    push_conf("slipway hooks for " + name);
    for (const std::string hook : {"pre-receive", "post-receive"}) {
        INFO("gitolite did not take over hooks/" << hook << " of " << name);
        REQUIRE(fs::is_symlink(repo_path(name) / "hooks" / hook));
        REQUIRE(fs::is_symlink(repo_path(name) / "hooks" / (hook + ".h00-slipway-" + hook)));
    }
}

fs::path GitoliteServer::repo_path(const std::string& name) const {
    return m_home / "repositories" / (name + ".git");
}

std::string GitoliteServer::url(const std::string& user, const std::string& name) const {
    return m_ssh->url(user, name);
}

// ---- git daemon ----

std::vector<Program> GitDaemon::programs() {
    return {{"git-daemon", "git"}};
}

std::string GitDaemon::missing() {
    return missing_programs("git daemon", programs());
}

GitDaemon::GitDaemon(const Sandbox& sb, const std::map<std::string, std::string>& env) {
    const fs::path dir = sb.root() / "git-daemon";
    m_home = dir / "home";
    const std::string git = program("git");
    auto vars = server_env(m_home);
    for (const auto& [k, v] : env)
        vars[k] = v;
    m_port = start_on_free_port(m_process, [&](int port) {
        return ServerProcess({git, "daemon", "--reuseaddr", "--enable=receive-pack", "--export-all",
                              "--informative-errors", "--base-path=" + sb.root().string(),
                              "--listen=127.0.0.1", "--port=" + std::to_string(port)},
                             vars, dir / "daemon.log");
    });
}

std::string GitDaemon::url(const std::string& repo) const {
    return "git://127.0.0.1:" + std::to_string(m_port) + "/" + repo;
}

} // namespace slipway::e2e
