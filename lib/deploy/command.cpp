// The command target: any program with arguments, run in the workspace, its output streamed.
#include "deploy/command.hpp"

#include "util/relative_path.hpp"

namespace slipway::deploy {

namespace fs = std::filesystem;

std::string describe_command(const CommandTarget& target) {
    std::string out = "command";
    for (const auto& a : target.argv)
        out += " " + a;
    return out;
}

Result<util::Exit> run_command_target(const CommandTarget& target, const fs::path& workspace,
                                      report::Output& output) {
    if (target.argv.empty() || target.argv[0].empty())
        return fail("command target has no program to run");
    const std::string what = "command " + target.argv[0];
    auto cwd = util::directory_inside(workspace, target.directory);
    if (!cwd)
        return fail(what, cwd.error());

    util::Command command{
        .argv = target.argv, .cwd = *cwd, .env = target.env, .timeout = target.timeout};
    if (target.argv[0].find('/') != std::string::npos) {
        // A script from the repository: its path is relative to where it runs, and it must
        // stay inside the workspace.
        fs::path program(target.argv[0]);
        if (program.is_absolute())
            return fail(what + ": a program path must be relative to the directory it runs in");
        auto dir = util::directory_inside(*cwd, program.parent_path().string());
        if (!dir)
            return fail(what, dir.error());
        command.argv[0] = (*dir / program.filename()).string();
    }

    output.line(describe_command(target));
    auto exit = util::run_streaming(command, output.line_sink(), output.heartbeat_sink(what),
                                    output.heartbeat_interval());
    if (!exit)
        return fail(what, exit.error());
    if (!exit->ok())
        return fail(what + " " + exit->describe());
    return *exit;
}

} // namespace slipway::deploy
