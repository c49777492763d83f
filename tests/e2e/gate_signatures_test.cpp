// E2E: signed commits and tags (`signatures:`), with real ssh-keygen, gpg and gpgv: unsigned,
// unknown-key and wrong-signer objects refused (each named), properly signed ones accepted;
// four-eyes judged by who signed, not by the author line.
#include "support/gpg.hpp"
#include "support/sandbox.hpp"
#include "util/json.hpp"

#include <catch2/catch.hpp>

using slipway::e2e::GpgKeys;
using slipway::e2e::Run;
using slipway::e2e::Sandbox;

namespace {

const std::map<std::string, std::string> as_alice{{"GL_USERNAME", "alice"}};

// sb.ok's output without its trailing newline.
std::string line_of(std::string text) {
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

// Makes SSH signing key `<root>/<name>-key` and returns its public key line.
std::string ssh_key(const Sandbox& sb, const std::string& name) {
    sb.ok("ssh-keygen -q -t ed25519 -N '' -C " + name + "@laptop -f " + name + "-key");
    return line_of(sb.ok("cat " + name + "-key.pub"));
}

// `git <args>` in work signing with `name`'s SSH key.
std::string ssh_git(const std::string& name) {
    return "git -c gpg.format=ssh -c user.signingkey=$SANDBOX/" + name + "-key ";
}

std::string users_with_keys(const Sandbox& sb) {
    return "users:\n"
           "  alice:\n    emails: [alice@example.com]\n    keys: ['" +
           ssh_key(sb, "alice") +
           "']\n"
           "  bob:\n    emails: [bob@example.com]\n    keys: ['" +
           ssh_key(sb, "bob") +
           "']\n"
           "  carol:\n    emails: [carol@example.com]\n    keys: ['" +
           ssh_key(sb, "carol") + "']\n";
}

std::string head_short(const Sandbox& sb) {
    return line_of(sb.ok("git rev-parse --short=7 HEAD", {}, "work"));
}

// Drops work's unpushed commits.
void reset(const Sandbox& sb) {
    sb.ok("git reset -q --hard origin/master", {}, "work");
}

} // namespace

TEST_CASE("signatures.commits required: unsigned and unknown-key and non-signer commits are "
          "refused by name and an SSH-signed commit by a signer accepted") {
    Sandbox sb;
    const auto users = users_with_keys(sb);
    ssh_key(sb, "mallory");
    sb.seeded("version: 1\ngroups:\n  release: [alice, bob]\n" + users +
              "refs:\n  - match: refs/heads/master\n"
              "    signatures: {commits: required, signers: ['@release']}\n");

    sb.ok("git commit -q --allow-empty -m unsigned", {}, "work");
    auto unsigned_push = sb.sh("git push origin master", as_alice, "work");
    CHECK(unsigned_push.exit_code != 0);
    CHECK_THAT(
        unsigned_push.output,
        Catch::Contains("refs/heads/master: error: refs/heads/master takes only signed commits "
                        "(a ref rule says signatures.commits: required): " +
                        head_short(sb) + " (author alice) is not signed [signature]"));
    reset(sb);

    sb.ok(ssh_git("mallory") + "commit -q -S --allow-empty -m by-mallory", {}, "work");
    const auto mallory_fpr = line_of(sb.ok("ssh-keygen -lf mallory-key.pub | cut -d' ' -f2"));
    auto unknown = sb.sh("git push origin master", as_alice, "work");
    CHECK(unknown.exit_code != 0);
    CHECK_THAT(unknown.output,
               Catch::Contains(head_short(sb) + " (author alice) is signed by an unknown key " +
                               mallory_fpr + " [signature]"));
    reset(sb);

    sb.ok(ssh_git("carol") + "commit -q -S --allow-empty -m by-carol", {}, "work");
    auto carol = sb.sh("git push origin master", as_alice, "work");
    CHECK(carol.exit_code != 0);
    CHECK_THAT(carol.output,
               Catch::Contains(head_short(sb) +
                               " (author alice) is signed by carol, who is not in @release"));
    reset(sb);

    // alice's signature over another message: the object's bytes no longer match it.
    sb.ok(ssh_git("alice") + "commit -q -S --allow-empty -m by-alice", {}, "work");
    sb.ok("forged=$(git cat-file commit HEAD | sed 's/^by-alice$/by-alice, altered/' | "
          "git hash-object -t commit -w --stdin) && git reset -q --hard $forged",
          {}, "work");
    auto forged = sb.sh("git push origin master", as_alice, "work");
    CHECK(forged.exit_code != 0);
    CHECK_THAT(
        forged.output,
        Catch::Contains(head_short(sb) + " (author alice) has a bad signature by key SHA256:"));
    CHECK_THAT(forged.output,
               Catch::Contains("(Signature verification failed: incorrect signature)"));
    reset(sb);

    sb.ok(ssh_git("alice") + "commit -q -S --allow-empty -m by-alice", {}, "work");
    auto good = sb.sh("git push origin master", as_alice, "work");
    CHECK(good.exit_code == 0);
    // The verdict is cached under the repository's state.
    CHECK(line_of(sb.ok("find server.git/slipway/cache/signatures -type f | wc -l")) != "0");
}

TEST_CASE(
    "signed commits: one finding per ref names the first three offenders and counts up to 100") {
    Sandbox sb;
    sb.seeded("version: 1\n" + users_with_keys(sb) +
              "environments:\n  - name: prod\n    refs: refs/heads/master\n"
              "    signatures: {commits: required}\n"
              "    targets: [{command: {run: ['true']}}]\n");
    sb.ok("for i in 1 2 3 4 5; do git commit -q --allow-empty -m c$i; done", {}, "work");
    auto run = sb.sh("git push origin master", as_alice, "work");
    CHECK(run.exit_code != 0);
    CHECK_THAT(run.output,
               Catch::Contains("refs/heads/master takes only signed commits (environment prod says "
                               "signatures.commits: required): "));
    CHECK_THAT(run.output, Catch::Contains("is not signed; and 2 more (5 of 5 commits)"));
    reset(sb);
    // Past 100 offenders the rest are not verified: a hostile push costs 100 checks at most.
    sb.ok("for i in $(seq 1 102); do git commit -q --allow-empty -m c$i; done", {}, "work");
    auto many = sb.sh("git push origin master", as_alice, "work");
    CHECK(many.exit_code != 0);
    CHECK_THAT(many.output, Catch::Contains("is not signed; and 97 more (at least 100 of 102 "
                                            "commits; the rest were not checked)"));
}

TEST_CASE("signatures.commits required: an OpenPGP-signed commit checks against the policy's "
          "keyring") {
    Sandbox sb;
    GpgKeys keys(sb);
    const auto alice = keys.make("Alice Author <alice@example.com>");
    const auto bob = keys.make("Bob Builder <bob@example.com>");
    sb.seeded("version: 1\nusers:\n  alice:\n    gpg: ['" + alice + "']\n  bob:\n    gpg: ['" +
              bob +
              "']\nsigning:\n  openpgp_keyring: release.gpg\n"
              "refs:\n  - match: refs/heads/master\n    signatures: {commits: required}\n");
    // Only alice's key is in the keyring the policy names.
    sb.ok("gpg --export " + alice + " > server.git/release.gpg 2>/dev/null");
    CHECK(sb.sh("slipway policy check server.git/slipway.yaml").exit_code == 0);

    sb.ok("git -c user.signingkey=" + bob + " commit -q -S --allow-empty -m by-bob", {}, "work");
    auto by_bob = sb.sh("git push origin master", as_alice, "work");
    CHECK(by_bob.exit_code != 0);
    CHECK_THAT(by_bob.output,
               Catch::Contains(head_short(sb) +
                               " (author Alice Author) is signed by an unknown OpenPGP key " +
                               bob.substr(24) + " [signature]"));
    reset(sb);

    sb.ok("git -c user.signingkey=" + alice + " commit -q -S --allow-empty -m by-alice", {},
          "work");
    auto by_alice = sb.sh("git push origin master", as_alice, "work");
    CHECK(by_alice.exit_code == 0);

    sb.ok("rm server.git/release.gpg");
    auto check = sb.sh("slipway policy check server.git/slipway.yaml");
    CHECK(check.exit_code != 0);
    CHECK_THAT(check.output,
               Catch::Contains("OpenPGP keyring \"release.gpg\" does not exist on this machine"));
}

TEST_CASE("signatures.tags required: unsigned and lightweight tags refused and a signed tag "
          "accepted") {
    Sandbox sb;
    sb.seeded("version: 1\n" + users_with_keys(sb) +
              "refs:\n  - match: refs/tags/*\n    signatures: {tags: required}\n");
    auto unsigned_tag =
        sb.sh("git tag -a v1.0.0 -m one && git push origin v1.0.0", as_alice, "work");
    CHECK(unsigned_tag.exit_code != 0);
    CHECK_THAT(
        unsigned_tag.output,
        Catch::Contains("refs/tags/v1.0.0 takes only signed tags (a ref rule says "
                        "signatures.tags: required): tag v1.0.0 (tagger alice) is not signed"));
    auto light = sb.sh("git tag v1.0.1 && git push origin v1.0.1", as_alice, "work");
    CHECK(light.exit_code != 0);
    CHECK_THAT(light.output,
               Catch::Contains(
                   "tag v1.0.1 is lightweight and cannot carry a signature; create it with `git "
                   "tag -s v1.0.1`"));
    auto by_carol = sb.sh(ssh_git("carol") + "tag -s v1.0.2 -m two && git push origin v1.0.2",
                          as_alice, "work");
    CHECK(by_carol.exit_code == 0);
}

TEST_CASE("four-eyes with signed commits: the signer is the author whatever the author line "
          "says") {
    Sandbox sb;
    sb.seeded("version: 1\n" + users_with_keys(sb) +
              "refs:\n  - match: refs/heads/master\n    four_eyes: true\n"
              "    signatures: {commits: required}\n");
    // Claims bob wrote it, but alice signed it: alice pushing it is alice pushing her own work.
    const std::map<std::string, std::string> as_bob_author{{"GIT_AUTHOR_NAME", "Bob Builder"},
                                                           {"GIT_AUTHOR_EMAIL", "bob@example.com"}};
    sb.ok(ssh_git("alice") + "commit -q -S --allow-empty -m mine", as_bob_author, "work");
    auto own = sb.sh("git push origin master", as_alice, "work");
    CHECK(own.exit_code != 0);
    CHECK_THAT(own.output,
               Catch::Contains(
                   "alice wrote all 1 commit pushed to master; four-eyes requires another person "
                   "to review and push them [four-eyes]"));
    reset(sb);

    // Signed by bob, whatever its author line: alice may push it.
    sb.ok(ssh_git("bob") + "commit -q -S --allow-empty -m bobs", {}, "work");
    auto reviewed = sb.sh("git push origin master", as_alice, "work");
    CHECK(reviewed.exit_code == 0);
}

TEST_CASE("an environment of tags with signed commits and tags takes a signed tag of signed "
          "commits and refuses an unsigned commit under a signed tag") {
    Sandbox sb;
    sb.seeded("version: 1\n" + users_with_keys(sb) +
              "environments:\n  - name: prod\n    refs: refs/tags/v*\n"
              "    signatures: {commits: required, tags: required}\n"
              "    targets: [{command: {run: ['true']}}]\n");
    sb.ok(ssh_git("bob") + "commit -q -S --allow-empty -m signed", {}, "work");
    sb.ok("git push -q origin master", as_alice, "work");
    auto good =
        sb.sh(ssh_git("bob") + "tag -s v1.0.0 -m one && git push origin v1.0.0", as_alice, "work");
    CHECK(good.exit_code == 0);
    CHECK_THAT(good.output, Catch::Contains("v1.0.0 -> v1.0.0"));

    sb.ok("git checkout -q -b topic && git commit -q --allow-empty -m unsigned", {}, "work");
    auto bad =
        sb.sh(ssh_git("bob") + "tag -s v1.0.1 -m two && git push origin v1.0.1", as_alice, "work");
    CHECK(bad.exit_code != 0);
    CHECK_THAT(bad.output,
               Catch::Contains("refs/tags/v1.0.1 takes only signed commits (environment "
                               "prod says signatures.commits: required): " +
                               head_short(sb) + " (author alice) is not signed"));
}

TEST_CASE("the ledger records who signed each commit and tag the gate verified, shown by slipway "
          "show and log --json") {
    Sandbox sb;
    const auto users = users_with_keys(sb);
    sb.seeded("version: 1\n" + users +
              "refs:\n  - match: refs/heads/master\n    signatures: {commits: required}\n");
    sb.ok("git commit -q --allow-empty -m unsigned", {}, "work");
    const auto unsigned_id = line_of(sb.ok("git rev-parse HEAD", {}, "work"));
    CHECK(sb.sh("git push origin master", as_alice, "work").exit_code != 0);
    reset(sb);
    sb.ok(ssh_git("bob") + "commit -q -S --allow-empty -m by-bob", {}, "work");
    const auto signed_id = line_of(sb.ok("git rev-parse HEAD", {}, "work"));
    CHECK(sb.sh("git push origin master", as_alice, "work").exit_code == 0);

    auto json = slipway::util::parse_json(sb.ok("slipway log server.git --json --limit 2"));
    REQUIRE(json);
    const auto& entries = json->at("entries").as_array();
    REQUIRE(entries.size() == 2);
    auto first_signature = [](const slipway::util::Json& push) {
        const auto& s = push.at("signatures").as_array().at(0);
        return s.at("object").as_string() + " " + s.at("kind").as_string() + " " +
               s.at("signer").as_string() + " " + s.at("status").as_string();
    };
    // Newest first: the accepted push, then the refused one.
    CHECK(first_signature(entries.at(0)) == signed_id + " commit bob good");
    CHECK(first_signature(entries.at(1)) == unsigned_id + " commit  unsigned");
    const auto shown =
        sb.ok("slipway show server.git " + std::to_string(entries.at(0).at("id").as_int()));
    INFO(shown);
    CHECK(shown.find("signatures (1):\n  " + signed_id.substr(0, 7) +
                     " commit  signed by bob (key SHA256:") != std::string::npos);
    CHECK(shown.find(", good)\n") != std::string::npos);
}

TEST_CASE("a commit over the signed-object size limit is refused by its size, never verified") {
    Sandbox sb;
    const auto users = users_with_keys(sb);
    sb.seeded("version: 1\n" + users +
              "refs:\n  - match: refs/heads/master\n    signatures: {commits: required}\n");
    // A 2 MiB message on top of an ordinary commit: git takes it, the gate must not read it.
    sb.ok("git commit -q --allow-empty -m x && { git cat-file commit HEAD; head -c 2097152 "
          "/dev/zero | tr '\\0' a; } > ../big && git reset -q --hard $(git hash-object -t commit "
          "-w ../big)",
          {}, "work");
    auto push = sb.sh("git push origin master", as_alice, "work");
    CHECK(push.exit_code != 0);
    CHECK_THAT(push.output,
               Catch::Contains(head_short(sb) + " (author unknown) has a signature that cannot be "
                                                "checked (the object is 2097") &&
                   Catch::Contains("bytes, more than the 1048576 a signed commit or tag may be)"));
}
