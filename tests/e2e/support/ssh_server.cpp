// E2E harness: a second sshd started by the test, and the client keys and ssh config for it.
#include "support/ssh_server.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

namespace slipway::e2e {

namespace fs = std::filesystem;

SshKey ssh_key(const Sandbox& sb, const std::string& name) {
    SshKey key{name, sb.root() / "ssh" / "keys" / name, ""};
    if (!fs::exists(key.private_key))
        sb.ok("mkdir -p ssh/keys && ssh-keygen -q -t ed25519 -N '' -C " + quote(name) + " -f " +
              quote(key.private_key.string()));
    key.public_key = trimmed(read_text(key.private_key.string() + ".pub"));
    return key;
}

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
    std::istringstream host_key(read_text(dir / "host_key.pub"));
    std::string key_type, key_data;
    host_key >> key_type >> key_data;
    REQUIRE(!key_data.empty());
    const fs::path client = sb.root() / "ssh";
    std::ofstream(client / "known_hosts", std::ios::app)
        << "[127.0.0.1]:" << m_port << " " << key_type << " " << key_data << "\n";
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

} // namespace slipway::e2e
