// E2E: `slipway install` / `uninstall` / `policy check` on real repositories.
#include "support/sandbox.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::Sandbox;

TEST_CASE("install writes both hooks and the default policy for the repository's branch") {
    Sandbox sb;
    sb.ok("git init -q --bare -b main server.git");
    auto out = sb.ok("slipway install server.git");
    const auto git_dir = (sb.root() / "server.git").string();
    CHECK(out == "slipway: installed into " + git_dir + "\n" +
                     "hooks: pre-receive, post-receive → " +
                     Sandbox::bin("").substr(0, Sandbox::bin("").size() - 1) + "\n" +
                     "policy: " + git_dir +
                     "/slipway.yaml (default: refs/heads/main protected, "
                     "tags annotated and immutable)\n" +
                     "ledger: " + git_dir + "/slipway/ledger.db (record #1: baseline of 0 refs)\n");
    CHECK(sb.ok("git -C server.git config receive.advertisePushOptions") == "true\n");
    auto hook = sb.ok("cat server.git/hooks/pre-receive");
    CHECK(hook == "#!/bin/sh\n# Installed by `slipway install`; `slipway uninstall` removes it.\n"
                  "exec '" +
                      Sandbox::bin("slipway-pre-receive") + "' \"$@\"\n");
    CHECK(sb.sh("test -x server.git/hooks/post-receive && test -d server.git/slipway").exit_code ==
          0);
    CHECK(sb.ok("grep -c 'match: refs/heads/main' server.git/slipway.yaml") == "1\n");

    SECTION("running it twice is harmless and keeps the policy an admin edited") {
        sb.ok("echo '# edited by the admin' >> server.git/slipway.yaml");
        auto again = sb.ok("slipway install server.git");
        CHECK(again.find("(already in place, kept)") != std::string::npos);
        CHECK(sb.ok("tail -n1 server.git/slipway.yaml") == "# edited by the admin\n");
        CHECK(sb.sh("ls server.git/hooks | grep -c slipway-backup").output == "0\n");
    }
}

TEST_CASE("install refuses what is not a bare repository, with a clear message") {
    Sandbox sb;
    auto missing = sb.sh("slipway install nowhere.git");
    CHECK(missing.exit_code == 1);
    CHECK(missing.output == "slipway install: no repository at nowhere.git: not a directory\n");
    sb.ok("git init -q clone");
    auto non_bare = sb.sh("slipway install clone");
    CHECK(non_bare.exit_code == 1);
    CHECK(non_bare.output == "slipway install: clone is not a bare repository; Slipway guards the "
                             "server's repository (`git init --bare`), not a clone with a work "
                             "tree\n");
    sb.ok("mkdir plain");
    auto plain = sb.sh("slipway install plain");
    CHECK(plain.output ==
          "slipway install: plain is not a git repository (create one with `git init --bare "
          "plain`)\n");
}

TEST_CASE("a broken policy is refused at install time and nothing is installed") {
    Sandbox sb;
    sb.ok("git init -q --bare server.git");
    sb.write("bad.yaml", "version: 1\nrefs:\n  - match: refs/heads/master\n    protect: true\n");
    auto run = sb.sh("slipway install server.git --policy bad.yaml");
    CHECK(run.exit_code == 1);
    CHECK(run.output == "slipway install: the policy is not valid; nothing was installed:\n"
                        "bad.yaml:4:5: unknown key \"protect\" in ref rule (did you mean "
                        "\"protected\"?)\n");
    CHECK(sb.sh("test -e server.git/hooks/pre-receive || test -e server.git/slipway.yaml")
              .exit_code != 0);
}

TEST_CASE("a hook Slipway did not write is kept unless --force, then backed up and restored") {
    Sandbox sb;
    sb.ok("git init -q --bare server.git && printf '#!/bin/sh\\necho legacy\\n' > "
          "server.git/hooks/pre-receive && chmod +x server.git/hooks/pre-receive");
    auto refused = sb.sh("slipway install server.git");
    CHECK(refused.exit_code == 1);
    CHECK(refused.output == "slipway install: hooks/pre-receive already exists and Slipway did "
                            "not write it; rerun with --force to replace it (kept as "
                            "<hook>.slipway-backup and restored by `slipway uninstall`)\n");
    CHECK(sb.ok("cat server.git/hooks/pre-receive") == "#!/bin/sh\necho legacy\n");

    auto forced = sb.ok("slipway install --force server.git");
    CHECK(forced.find("kept the previous hooks/pre-receive as hooks/pre-receive.slipway-backup") !=
          std::string::npos);
    CHECK(sb.ok("cat server.git/hooks/pre-receive.slipway-backup") == "#!/bin/sh\necho legacy\n");

    auto removed = sb.ok("slipway uninstall server.git");
    CHECK(removed == "slipway: uninstalled from " + (sb.root() / "server.git").string() + "\n" +
                         "hooks/pre-receive: restored the hook that was there before\n"
                         "hooks/post-receive: removed\n"
                         "kept slipway.yaml and slipway/ (ledger, logs); remove them by hand if "
                         "they are no longer needed\n");
    CHECK(sb.ok("cat server.git/hooks/pre-receive") == "#!/bin/sh\necho legacy\n");
    CHECK(sb.sh("test -e server.git/hooks/post-receive").exit_code != 0);
}

TEST_CASE("install --no-hooks leaves a forge's hooks alone, and Slipway run from the forge's "
          "hook directory (Gitea's pre-receive.d) judges and records the push") {
    Sandbox sb;
    sb.ok("git init -q --bare -b master server.git && git clone -q server.git work 2>/dev/null && "
          "cd work && git commit -q --allow-empty -m init && git push -q origin master");
    // The forge's driver: every script of hooks/<hook>.d/ with the same input.
    const std::string driver = "#!/bin/sh\ninput=$(cat)\nfor h in \"$(dirname \"$0\")/$(basename "
                               "\"$0\").d\"/*; do printf '%s\\n' \"$input\" | \"$h\" || exit "
                               "1; done\n";
    for (const std::string hook : {"pre-receive", "post-receive"}) {
        sb.write("server.git/hooks/" + hook, driver);
        sb.write("server.git/hooks/" + hook + ".d/slipway",
                 "#!/bin/sh\nexec " + Sandbox::bin("slipway-" + hook) + "\n");
        sb.ok("chmod +x server.git/hooks/" + hook + " server.git/hooks/" + hook + ".d/slipway");
    }

    auto both = sb.sh("slipway install server.git --no-hooks --force");
    CHECK(both.exit_code == 2);
    CHECK(both.has("--no-hooks leaves hooks/ alone; --force would replace its hooks"));

    auto installed = sb.sh("slipway install server.git --no-hooks");
    INFO(installed.output);
    CHECK(installed.exit_code == 0);
    CHECK(installed.has("hooks: none written (--no-hooks); the forge's hook directory runs "));
    CHECK(sb.ok("cat server.git/hooks/pre-receive") == driver);
    CHECK(sb.ok("cat server.git/hooks/post-receive") == driver);

    auto light = sb.sh("git tag light && git push origin light", {}, "work");
    CHECK(light.exit_code != 0);
    CHECK(light.has("[tag-annotated]"));
    auto pushed = sb.sh("git commit -q --allow-empty -m one && git push origin master", {}, "work");
    CHECK(pushed.exit_code == 0);
    CHECK(pushed.has("slipway: push accepted"));
    CHECK(sb.ok("slipway log server.git").find("accepted  refs/heads/master") != std::string::npos);
}

TEST_CASE("install with a shipped template writes its policy") {
    Sandbox sb;
    sb.ok("git init -q --bare -b master server.git");
    for (const std::string name : {"deployment", "infrastructure", "default"}) {
        auto out = sb.ok("slipway install server.git --template " + name);
        CHECK(out.find("(template \"" + name + "\")") != std::string::npos);
        CHECK(sb.ok("slipway policy check server.git/slipway.yaml").find(": ok (") !=
              std::string::npos);
    }
    CHECK(sb.ok("grep -c 'match: refs/heads/master' server.git/slipway.yaml") == "1\n");
}

TEST_CASE("install with a template name that does not exist lists the templates") {
    Sandbox sb;
    sb.ok("git init -q --bare server.git");
    auto unknown = sb.sh("slipway install server.git --template nope");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.output.starts_with("slipway install: no template named \"nope\" (available: "));
    CHECK(unknown.has("default"));
}

TEST_CASE("policy check validates a file and reports every problem") {
    Sandbox sb;
    sb.write("good.yaml", "version: 1\nrefs:\n  - match: refs/heads/master\n    protected: true\n");
    CHECK(sb.ok("slipway policy check good.yaml") ==
          "good.yaml: ok (1 ref rule, 0 environments)\n");
    sb.write("bad.yaml", "version: 1\nrefs:\n  - match: refs/heads/*\n    branch_name: '['\n"
                         "    four_eyes: maybe\n");
    auto bad = sb.sh("slipway policy check bad.yaml");
    CHECK(bad.exit_code == 1);
    CHECK(bad.has("bad.yaml:4:18: branch_name is not a valid regular expression"));
    CHECK(bad.has("bad.yaml:5:16: four_eyes must be true or false"));
    sb.write("idle.yaml", "version: 1\nmanifests: {}\n");
    auto idle = sb.sh("slipway policy check idle.yaml");
    CHECK(idle.exit_code == 0);
    CHECK(idle.has("idle.yaml: warning: the manifests: section judges nothing: it names no "
                   "`paths`, and no environment has a kubernetes target to take them from"));
    CHECK(idle.has("idle.yaml: ok (0 ref rules, 0 environments)"));
}

TEST_CASE("the CLI explains its commands and its usage errors") {
    Sandbox sb;
    auto help = sb.ok("slipway --help");
    // The summary column is as wide as the longest command name: match the row, not the width.
    CHECK(help.find("\n  install ") != std::string::npos);
    CHECK(help.find(" install the hooks and a policy into a bare repository\n") !=
          std::string::npos);
    auto install_help = sb.ok("slipway install --help");
    CHECK(install_help.starts_with(
        "usage: slipway install <bare-repo> [--policy FILE | --template NAME] [--force | "
        "--no-hooks]\n"));
    auto typo = sb.sh("slipway install x.git --forse");
    CHECK(typo.exit_code == 2);
    CHECK(typo.output == "slipway install: unknown option --forse (did you mean --force?)\n"
                         "usage: slipway install <bare-repo> [--policy FILE | --template NAME] "
                         "[--force | --no-hooks]\n");
    auto unknown = sb.sh("slipway deploy");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output.starts_with("slipway: unknown command \"deploy\"\n"));
}
