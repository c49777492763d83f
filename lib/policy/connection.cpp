// How a push reached the server.
#include "policy/connection.hpp"

#include <charconv>

namespace slipway::policy {

Connection describe_connection(const EnvLookup& env) {
    if (auto ssh = env("SSH_CONNECTION"); ssh && !ssh->empty())
        return {"ssh", ssh->substr(0, ssh->find(' '))};
    if (auto addr = env("REMOTE_ADDR"); addr && !addr->empty())
        return {"http", *addr};
    if (auto gateway = env("GATEWAY_INTERFACE"); gateway && !gateway->empty())
        return {"http", ""};
    return {"local", ""};
}

std::vector<std::string> push_options(const EnvLookup& env) {
    std::vector<std::string> out;
    auto count_text = env("GIT_PUSH_OPTION_COUNT");
    if (!count_text)
        return out;
    int count = 0;
    auto [end, ec] =
        std::from_chars(count_text->data(), count_text->data() + count_text->size(), count);
    if (ec != std::errc() || count < 0 || count > 10000)
        return out;
    for (int i = 0; i < count; ++i)
        if (auto option = env("GIT_PUSH_OPTION_" + std::to_string(i)))
            out.push_back(*option);
    return out;
}

} // namespace slipway::policy
