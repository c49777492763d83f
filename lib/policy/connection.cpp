// How a push reached the server.
#include "policy/connection.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace slipway::policy {

namespace {

std::string trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return std::string(text);
}

bool trusted(const std::string& address, const IdentitySettings& settings) {
    return std::find(settings.trusted_proxies.begin(), settings.trusted_proxies.end(), address) !=
           settings.trusted_proxies.end();
}

// The client behind trusted proxies: X-Forwarded-For lists the hops, each proxy appending the
// address it was reached from, so it is read from the right, past every trusted proxy. Only
// a trusted proxy's word is taken; the leftmost entries are whatever the client claimed.
std::string forwarded_client(const std::string& peer, const std::string& header,
                             const IdentitySettings& settings) {
    std::string client = peer;
    std::string_view rest = header;
    while (trusted(client, settings) && !rest.empty()) {
        auto comma = rest.rfind(',');
        client = trimmed(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    }
    return client.empty() ? peer : client;
}

} // namespace

Connection describe_connection(const EnvLookup& env, const IdentitySettings& settings) {
    if (auto ssh = env("SSH_CONNECTION"); ssh && !ssh->empty())
        return {"ssh", ssh->substr(0, ssh->find(' '))};
    const auto addr = env("REMOTE_ADDR");
    if (auto gateway = env("GATEWAY_INTERFACE"); gateway && !gateway->empty()) {
        const std::string peer = addr.value_or("");
        const auto header = env("HTTP_X_FORWARDED_FOR");
        return {"http", header && trusted(peer, settings)
                            ? forwarded_client(peer, *header, settings)
                            : peer};
    }
    if (addr && !addr->empty())
        return {"git", *addr};
    return {"local", ""};
}

PushOptions read_push_options(const EnvLookup& env, const PushLimits& limits) {
    PushOptions out;
    auto count_text = env("GIT_PUSH_OPTION_COUNT");
    if (!count_text)
        return out;
    unsigned long long count = 0;
    auto [end, ec] =
        std::from_chars(count_text->data(), count_text->data() + count_text->size(), count);
    if (ec == std::errc::result_out_of_range) {
        count = ~0ull;
    } else if (ec != std::errc() || end != count_text->data() + count_text->size()) {
        out.problems.push_back("git gave the push option count \"" + count_text->substr(0, 40) +
                               "\", which is not a number; no push option was read");
        return out;
    }
    if (count > limits.push_options) {
        out.problems.push_back(
            "the push carries " +
            (count == ~0ull ? std::string("too many") : std::to_string(count)) +
            " push options, more than the " + std::to_string(limits.push_options) +
            " allowed (limits.push_options); push again with fewer `-o` options");
        count = limits.push_options;
    }
    std::size_t total = 0;
    for (unsigned long long i = 0; i < count; ++i) {
        auto option = env("GIT_PUSH_OPTION_" + std::to_string(i));
        if (!option)
            continue;
        if (option->size() > limits.push_option_bytes) {
            out.problems.push_back("push option " + std::to_string(i + 1) + " is " +
                                   std::to_string(option->size()) + " bytes, more than the " +
                                   std::to_string(limits.push_option_bytes) +
                                   " allowed (limits.push_option_bytes); shorten it");
            continue;
        }
        if (total + option->size() > limits.push_options_bytes) {
            out.problems.push_back("the push options come to more than the " +
                                   std::to_string(limits.push_options_bytes) +
                                   " bytes allowed together (limits.push_options_bytes); "
                                   "push again with fewer or shorter `-o` options");
            break;
        }
        total += option->size();
        out.options.push_back(std::move(*option));
    }
    return out;
}

} // namespace slipway::policy
