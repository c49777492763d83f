// `slipway serve`.
#include "admin/serve.hpp"

#include "util/fd.hpp"
#include "util/stop_signal.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <ostream>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace slipway::admin {

namespace {

constexpr std::size_t max_head_bytes = 8 * 1024;
constexpr int request_timeout_ms = 5000;
constexpr off_t max_file_bytes = 64 * 1024 * 1024;

Result<sockaddr_in> parse_listen(std::string_view listen) {
    const auto colon = listen.rfind(':');
    auto bad = [&]() {
        return fail("--listen " + std::string(listen) +
                    ": give an IPv4 address and a port, such as 127.0.0.1:8080");
    };
    if (colon == std::string_view::npos)
        return bad();
    const std::string host(listen.substr(0, colon));
    const std::string_view port_text = listen.substr(colon + 1);
    int port = 0;
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port < 1 || port > 65535)
        return bad();
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
        return bad();
    return address;
}

void send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            return;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Reads the request head (up to the blank line), within the time and size limits; what a
// slow or endless client sends beyond them is not waited for.
std::string read_head(int fd) {
    std::string head;
    char buffer[2048];
    while (head.size() < max_head_bytes && head.find("\r\n\r\n") == std::string::npos &&
           head.find("\n\n") == std::string::npos) {
        pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
        if (::poll(&p, 1, request_timeout_ms) <= 0)
            break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        head.append(buffer, static_cast<std::size_t>(n));
    }
    return head;
}

// The file's bytes, when it is a regular file no symlink leads to (O_NOFOLLOW on the last
// component; the pages directory itself is the admin's).
std::optional<std::string> read_page(const std::filesystem::path& path) {
    util::Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0)
        return std::nullopt;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > max_file_bytes)
        return std::nullopt;
    std::string data;
    data.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::read(fd.get(), data.data() + done, data.size() - done);
        if (n <= 0)
            break;
        done += static_cast<std::size_t>(n);
    }
    data.resize(done);
    return data;
}

void answer(int fd, const std::vector<ServedRepository>& repos) {
    Resolution r = resolve_request(read_head(fd), repos);
    std::string body = r.body;
    if (r.file) {
        if (auto data = read_page(*r.file)) {
            body = std::move(*data);
        } else {
            r.status = 404;
            r.reason = "Not Found";
            r.content_type = "text/plain; charset=utf-8";
            body = "404 Not Found\n";
        }
    }
    std::string head = "HTTP/1.0 " + std::to_string(r.status) + " " + r.reason +
                       "\r\nContent-Type: " + r.content_type +
                       "\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\nX-Content-Type-Options: nosniff"
                       "\r\nContent-Security-Policy: default-src 'none'; style-src "
                       "'unsafe-inline'; img-src 'self'"
                       "\r\nCache-Control: no-cache\r\nConnection: close\r\n";
    if (r.status == 405)
        head += "Allow: GET, HEAD\r\n";
    if (!r.location.empty())
        head += "Location: " + r.location + "\r\n";
    head += "\r\n";
    send_all(fd, head);
    if (!r.head_only)
        send_all(fd, body);
}

} // namespace

Status serve_pages(const std::vector<ServedRepository>& repos, std::string_view listen,
                   std::ostream& out) {
    SLIPWAY_TRY_LET(address, parse_listen(listen));
    util::Fd server(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (server.get() < 0)
        return fail(std::string("cannot make a socket: ") + std::strerror(errno));
    const int one = 1;
    ::setsockopt(server.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(server.get(), reinterpret_cast<const sockaddr*>(&*address), sizeof *address) != 0)
        return fail("cannot listen on " + std::string(listen) + ": " + std::strerror(errno));
    if (::listen(server.get(), 16) != 0)
        return fail("cannot listen on " + std::string(listen) + ": " + std::strerror(errno));
    util::catch_stop_signal();
    std::signal(SIGINT, [](int) { std::raise(SIGTERM); });
    out << "serving the status pages of " << repos.size()
        << (repos.size() == 1 ? " repository" : " repositories") << " on http://" << listen
        << "/ (read-only; stop with Ctrl-C)" << std::endl;
    while (util::stop_requested() == 0) {
        pollfd fds[2] = {{.fd = server.get(), .events = POLLIN, .revents = 0},
                         {.fd = util::stop_fd(), .events = POLLIN, .revents = 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return fail(std::string("poll: ") + std::strerror(errno));
        }
        if (!(fds[0].revents & POLLIN))
            continue;
        util::Fd client(::accept4(server.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (client.get() < 0)
            continue;
        answer(client.get(), repos);
    }
    return {};
}

} // namespace slipway::admin
