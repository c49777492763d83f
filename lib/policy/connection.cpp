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
