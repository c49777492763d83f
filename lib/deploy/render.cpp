// The Kubernetes target without a cluster: objects rendered one file each into a commit on a ref.
#include "deploy/render.hpp"

#include "git/oid.hpp"
#include "git/tree.hpp"

namespace slipway::deploy {

std::string render_message(const RenderSettings& s) {
    return "Render " + git::short_id(s.source_commit) + " for " + s.environment + " (pushed by " +
           s.pusher + ")\n\nSource-Commit: " + s.source_commit + "\nPushed-By: " + s.pusher +
           "\nEnvironment: " + s.environment + "\n";
}

Result<RenderOutcome> render_to_ref(const git::Repository& repo,
                                    const std::vector<KubeObject>& objects,
                                    const RenderSettings& settings) {
    SLIPWAY_TRY_LET(refs, object_refs(objects, settings.default_namespace));
    git::TreeFiles files;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        std::string text = objects[i].yaml_text;
        if (!text.empty() && text.back() != '\n')
            text += '\n';
        files.emplace(rendered_path((*refs)[i]), git::TreeFile{std::move(text)});
    }

    git::TreeFiles previous;
    SLIPWAY_TRY_LET(tip, repo.ref_target(settings.ref));
    if (*tip) {
        auto read = git::read_tree(repo, **tip);
        if (!read)
            return fail("reading the previous rendering on " + settings.ref, read.error());
        previous = std::move(*read);
    }

    SLIPWAY_TRY_LET(commit, git::commit_files_to_ref(repo, settings.ref, files,
                                                     render_message(settings), settings.committer));
    RenderOutcome outcome{*commit, files.size()};
    for (const auto& [path, file] : files) {
        auto old = previous.find(path);
        if (old == previous.end())
            ++outcome.added;
        else if (!(old->second == file))
            ++outcome.modified;
    }
    for (const auto& [path, file] : previous)
        if (!files.contains(path))
            outcome.deleted.push_back(path);
    return outcome;
}

} // namespace slipway::deploy
